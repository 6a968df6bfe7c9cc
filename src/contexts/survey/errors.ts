import { defineErrors } from '../../kernel/errors.js';

/** Every error the survey context raises (see src/kernel/errors.ts). */
export const SURVEY_ERRORS = defineErrors({
  invalidFile: {
    code: 'SURVEY.INVALID',
    kind: 'invalid-input',
    message: '{where}: {problem}',
    meaning:
      'a survey definition that is not valid YAML or does not match the survey schema (frameworks/README-style file, line and path given)',
  },
  unreadable: {
    code: 'SURVEY.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot read {file}: {reason}',
    meaning: 'a survey, answers, map or responses file that cannot be read',
  },
  notFound: {
    code: 'SURVEY.NOT_FOUND',
    kind: 'not-found',
    message: 'no survey {survey} in this organisation',
    hint: 'run `renfe survey list`',
    meaning: 'a survey id or id@version that the organisation does not have',
  },
  badStatus: {
    code: 'SURVEY.BAD_STATUS',
    kind: 'conflict',
    message: 'survey {survey} is {status}; {action} needs it {needed}',
    meaning: 'publish, close, invite or delete asked of a survey in the wrong state',
  },
  hasResponses: {
    code: 'SURVEY.HAS_RESPONSES',
    kind: 'conflict',
    message: 'survey {survey} has {count} responses; deleting it would lose them',
    hint: 'close it instead with `renfe survey close`',
    meaning: 'delete asked of a survey that already has responses',
  },
  badInvitation: {
    code: 'SURVEY.BAD_INVITATION',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: 'survey invite was given no audience, two audiences, an empty or malformed email list, or a bad count',
  },
  badToken: {
    code: 'SURVEY.BAD_TOKEN',
    kind: 'unauthenticated',
    message: 'this survey link is not valid: unknown, expired, already used or the survey is closed',
    meaning: 'a survey token that does not open a survey (one answer for every case, so tokens cannot be probed)',
  },
  badAnswer: {
    code: 'SURVEY.BAD_ANSWER',
    kind: 'invalid-input',
    message: '{where}: {problem}',
    meaning:
      'an answer that is not a value of its question, answers a question not asked, or leaves a required one empty',
  },
  badImport: {
    code: 'SURVEY.BAD_IMPORT',
    kind: 'invalid-input',
    message: '{where}: {problem}',
    meaning: 'a responses CSV with an unmatched header, a bad row or a bad column map; nothing was imported',
  },
  needsTerminal: {
    code: 'SURVEY.NEEDS_TERMINAL',
    kind: 'usage',
    message: 'survey take needs a terminal',
    hint: 'answer from a script with `renfe survey respond {token} --answers answers.json`',
    meaning: 'survey take was run without a terminal',
  },
  badGroup: {
    code: 'SURVEY.BAD_GROUP',
    kind: 'invalid-input',
    message: 'cannot break results down by {question}: {problem}',
    meaning:
      '`survey results --by` named a question that is not a single choice, yes/no or scale question of the survey',
  },
  syncVersion: {
    code: 'SURVEY.SYNC_VERSION',
    kind: 'conflict',
    message: 'survey {survey}: {problem}',
    meaning:
      'sync cannot bring a survey version here (an earlier version missing, a draft in the way, content that is not a valid survey), or brought responses to a version whose content differs here; nothing of it was written',
  },
  responseExists: {
    code: 'SURVEY.RESPONSE_EXISTS',
    kind: 'conflict',
    message: 'response {id} of survey {survey} is already here: a submitted response never changes',
    meaning: 'sync brought a response whose id this organisation already holds; nothing of that batch was written',
  },
});
