import { defineModule, noun, verb } from '../../module.js';
import { SURVEY_PERMISSIONS } from './domain/permissions.js';

/** Questionnaires to people: definitions, invitations, responses and results. */
export const surveyModule = defineModule({
  name: 'survey',
  migrations: {
    '0008-survey': () => import('./adapters/persistence/migrations/0008-survey.js'),
    '0022-survey-packed-answers': () => import('./adapters/persistence/migrations/0022-survey-packed-answers.js'),
  },
  permissions: SURVEY_PERMISSIONS,
  errors: async () => (await import('./errors.js')).SURVEY_ERRORS,
  usage: async () => (await import('./adapters/persistence/survey-usage.js')).SURVEY_USAGE,
  stores: async () => (await import('./stores.js')).surveyStores,
  wire: async (shared, wired) => (await import('./wiring.js')).wireSurvey(shared, wired),
  commands: [
    noun('survey', 'surveys to people: definitions, invitations, answers and results'),
    verb(
      'survey create',
      'create a survey, or a new version of one, from a YAML definition',
      () => import('./adapters/cli/survey/create.js'),
    ),
    verb(
      'survey list',
      "list the organisation's surveys and their versions",
      () => import('./adapters/cli/survey/list.js'),
    ),
    verb(
      'survey show <survey>',
      'show a survey: its sections and questions (id or id@version)',
      () => import('./adapters/cli/survey/show.js'),
    ),
    verb(
      'survey publish <survey>',
      'publish a draft: it opens for answers and never changes again',
      () => import('./adapters/cli/survey/publish.js'),
    ),
    verb(
      'survey close <survey>',
      'close a published survey to further answers',
      () => import('./adapters/cli/survey/close.js'),
    ),
    verb(
      'survey delete <survey>',
      'delete a survey version that has no responses',
      () => import('./adapters/cli/survey/delete.js'),
    ),
    verb(
      'survey invite <survey>',
      'issue one-time invitation tokens: to emails, to a role, or a number of anonymous links',
      () => import('./adapters/cli/survey/invite.js'),
    ),
    verb(
      'survey invitations <survey>',
      'invited, opened and completed (never the tokens)',
      () => import('./adapters/cli/survey/invitations.js'),
    ),
    verb(
      'survey take <token>',
      'answer a survey in the terminal; every answer is saved at once; resume with the same token',
      () => import('./adapters/cli/survey/take.js'),
    ),
    verb(
      'survey respond <token>',
      'answer a survey from a JSON file (for scripts): all answers or none',
      () => import('./adapters/cli/survey/respond.js'),
    ),
    verb(
      'survey import <survey> <file>',
      'import responses from a Google Forms or Microsoft Forms CSV export: all rows or none',
      () => import('./adapters/cli/survey/import.js'),
    ),
    verb(
      'survey results <survey>',
      'response rate, distributions, means, NPS, free text; --by for a breakdown',
      () => import('./adapters/cli/survey/results.js'),
    ),
    verb(
      'survey report <survey>',
      'a PDF of the results (charts per question, NPS, free text), recorded and sealed like other reports',
      () => import('./adapters/cli/survey/report.js'),
    ),
    verb(
      'survey export <survey>',
      'every response as CSV (one row each) or JSON',
      () => import('./adapters/cli/survey/export.js'),
    ),
  ],
});
