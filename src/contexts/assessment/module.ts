import { defineModule, noun, verb } from '../../module.js';
import { ASSESSMENT_PERMISSIONS } from './domain/permissions.js';

/** Frameworks, mappings, assessments, answers, evidence, scoring and findings. */
export const assessmentModule = defineModule({
  name: 'assessment',
  migrations: {
    '0002-assessment': () => import('./adapters/persistence/migrations/0002-assessment.js'),
    '0005-framework-versions': () => import('./adapters/persistence/migrations/0005-framework-versions.js'),
    '0010-applicability': () => import('./adapters/persistence/migrations/0010-applicability.js'),
    '0021-requirement-recommendations': () =>
      import('./adapters/persistence/migrations/0021-requirement-recommendations.js'),
  },
  permissions: ASSESSMENT_PERMISSIONS,
  errors: async () => (await import('./errors.js')).ASSESSMENT_ERRORS,
  usage: async () => (await import('./adapters/persistence/assessment-usage.js')).ASSESSMENT_USAGE,
  stores: async () => (await import('./stores.js')).assessmentStores,
  wire: async (shared, wired) => (await import('./wiring.js')).wireAssessment(shared, wired),
  commands: [
    noun('framework', 'frameworks and question banks'),
    verb(
      'framework list',
      'list the shipped frameworks and those imported into this organisation',
      () => import('./adapters/cli/framework/list.js'),
    ),
    verb(
      'framework show <id>',
      'show a framework: the requirement tree with ids, titles and questions (id or id@version)',
      () => import('./adapters/cli/framework/show.js'),
    ),
    verb(
      'framework import <file>',
      'import a framework or mapping set: renfe YAML/JSON, OSCAL catalog or profile (JSON), CISO Assistant library (YAML), CSV',
      () => import('./adapters/cli/framework/import.js'),
    ),
    verb(
      'framework default <id@version>',
      'make one version what the plain id means in this organisation (the shipped version undoes it)',
      () => import('./adapters/cli/framework/default.js'),
    ),
    noun('assessment', 'assessments of a subject against one or more frameworks'),
    verb(
      'assessment create',
      'create an assessment (prints its id)',
      () => import('./adapters/cli/assessment/create.js'),
    ),
    verb('assessment list', "list the organisation's assessments", () => import('./adapters/cli/assessment/list.js')),
    verb(
      'assessment show <id>',
      'show an assessment: status, progress, and with --questions every question and answer',
      () => import('./adapters/cli/assessment/show.js'),
    ),
    verb(
      'assessment answer <id> <question> [value]',
      'answer one question (yes/partial/no/na, a level 0-5, a choice id, a number or text)',
      () => import('./adapters/cli/assessment/answer.js'),
    ),
    verb(
      'assessment start <id>',
      'mark an assessment in progress (also done by the first answer)',
      () => import('./adapters/cli/assessment/start.js'),
    ),
    verb(
      'assessment review <id>',
      'submit an assessment for review',
      () => import('./adapters/cli/assessment/review.js'),
    ),
    verb(
      'assessment finalize <id>',
      'make a reviewed assessment final: locked and sealed with a content hash',
      () => import('./adapters/cli/assessment/finalize.js'),
    ),
    verb(
      'assessment reopen <id>',
      'reopen a final assessment for changes (admins; audited)',
      () => import('./adapters/cli/assessment/reopen.js'),
    ),
    verb(
      'assessment upgrade <id>',
      'move an assessment to another version of its framework; answers carry over where unchanged or mapped',
      () => import('./adapters/cli/assessment/upgrade.js'),
    ),
    verb(
      'assessment delete <id>',
      'delete an assessment and its answers (admins; not when final)',
      () => import('./adapters/cli/assessment/delete.js'),
    ),
    verb(
      'assessment applicability <id> [control]',
      'the Statement of Applicability: with --applicable, whether a control applies and why; without, every control',
      () => import('./adapters/cli/assessment/applicability.js'),
    ),
    noun('assessment evidence', 'evidence attached to answers'),
    verb(
      'assessment evidence add <id> <question>',
      'attach a file (stored with its SHA-256, up to 25 MiB) or a link to a question',
      () => import('./adapters/cli/assessment/evidence/add.js'),
    ),
    verb(
      'assessment evidence list <id>',
      'list the evidence of an assessment with names and hashes',
      () => import('./adapters/cli/assessment/evidence/list.js'),
    ),
    verb(
      'assessment run <id>',
      'walk the questionnaire in the terminal; every answer is saved at once; resume any time',
      () => import('./adapters/cli/assessment/run.js'),
    ),
    verb(
      'assessment suggest <id>',
      'suggested answers to the awareness questions from training records; --apply records them, with a note',
      () => import('./adapters/cli/assessment/suggest.js'),
    ),
    verb(
      'assessment score <id>',
      'scores per framework and domain: compliance %, maturity, gap to target, results',
      () => import('./adapters/cli/assessment/score.js'),
    ),
    verb(
      'assessment compare <before> <after>',
      'compare two assessments: per requirement and domain, what improved and what regressed',
      () => import('./adapters/cli/assessment/compare.js'),
    ),
    verb(
      'assessment coverage <id>',
      'carry the results to another framework through the mappings, showing where each came from',
      () => import('./adapters/cli/assessment/coverage.js'),
    ),
    verb(
      'assessment export-answers <id>',
      'write every question with its answer and note, as CSV (default) or JSON',
      () => import('./adapters/cli/assessment/export-answers.js'),
    ),
    verb(
      'assessment import-answers <id> <file>',
      'import answers from CSV (columns question or framework+question, value, note) or JSON; all rows or none',
      () => import('./adapters/cli/assessment/import-answers.js'),
    ),
    noun('finding', 'findings: every gap of an assessment, with owner, due date and status'),
    verb(
      'finding list',
      'list the findings of an assessment, most severe first',
      () => import('./adapters/cli/finding/list.js'),
    ),
    verb(
      'finding update <id>',
      'set the owner, due date or status of a finding',
      () => import('./adapters/cli/finding/update.js'),
    ),
    verb(
      'finding export',
      'write the plan of action and milestones (every finding) as CSV or JSON',
      () => import('./adapters/cli/finding/export.js'),
    ),
  ],
});
