import { defineErrors } from '../../kernel/errors.js';

/** Every error the assessment context raises (see src/kernel/errors.ts). */
export const ASSESSMENT_ERRORS = defineErrors({
  finalized: {
    code: 'ASSESSMENT.FINALIZED',
    kind: 'conflict',
    message: 'assessment {id} is final and sealed',
    hint: 'an admin can reopen it with `renfe assessment reopen`',
    meaning: 'the assessment is final (locked and sealed): reopen it before changing it',
  },
  runNeedsTerminal: {
    code: 'CLI.NOT_A_TERMINAL',
    kind: 'usage',
    message: 'assessment run needs a terminal',
    hint: 'answer without one with `renfe assessment answer` or `renfe assessment import-answers`',
    meaning: '`assessment run` was started without a terminal to ask on',
  },
  answersEmpty: {
    code: 'ANSWERS.EMPTY',
    kind: 'invalid-input',
    message: '{file}: no answers in the file',
    hint: 'a CSV file needs a header (question, value, note) and one row per answer; `renfe assessment export-answers` writes one',
    meaning: 'an answers file is empty or has a header and no rows; nothing was imported',
  },
  answersSyntax: {
    code: 'ANSWERS.SYNTAX',
    kind: 'invalid-input',
    message: '{file}: {problem}',
    meaning: 'an answers file is not valid JSON or CSV; the message says where',
  },
  answersShape: {
    code: 'ANSWERS.SHAPE',
    kind: 'invalid-input',
    message: '{place}: {problem}',
    meaning: 'a JSON answers file is not a list of { question, value, note } objects',
  },
  answersColumns: {
    code: 'ANSWERS.COLUMNS',
    kind: 'invalid-input',
    message: '{file}: row 1: {problem}',
    meaning: 'a CSV answers file lacks the question or value column in its header',
  },
  evidenceNotAFile: {
    code: 'EVIDENCE.NOT_A_FILE',
    kind: 'invalid-input',
    message: '{file} is not a file',
    meaning: 'the path given as evidence is a directory or another kind of non-file',
  },
  evidenceTooLarge: {
    code: 'EVIDENCE.TOO_LARGE',
    kind: 'invalid-input',
    message: '{file} is {size} MiB; evidence files are limited to {limit} MiB',
    hint: 'attach a link instead',
    meaning: 'an evidence file is over the size limit; attach a link to it instead',
  },
  evidenceUnreadable: {
    code: 'EVIDENCE.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot read {file}: {problem}',
    meaning: 'the evidence file does not exist or cannot be read',
  },
  fileTooLarge: {
    code: 'FILE.TOO_LARGE',
    kind: 'invalid-input',
    message: '{file} is {size} MiB; imported files are limited to {limit} MiB',
    hint: 'raise the limit with `renfe config set import.maxFileMB <n>` or RENFE_IMPORT_MAX_MB',
    meaning: 'An imported file is larger than the configured limit; nothing was imported.',
  },
  fileNulCharacter: {
    code: 'FILE.NUL_CHARACTER',
    kind: 'invalid-input',
    message: '{file}: {place}: a NUL character (U+0000), which imported text may not contain',
    meaning: 'An imported file holds a NUL character (binary data or a broken export); nothing was imported.',
  },
  fileTooDeep: {
    code: 'FILE.TOO_DEEP',
    kind: 'invalid-input',
    message: '{file}: {place}: nested deeper than {limit} levels, the limit for imported files',
    meaning: 'An imported JSON or YAML document nests arrays or objects deeper than renfe reads.',
  },
  fileFieldTooLong: {
    code: 'FILE.FIELD_TOO_LONG',
    kind: 'invalid-input',
    message: '{file}: {place}: a text of {length} characters; one text field is limited to {limit}',
    meaning: 'One value of an imported file is longer than any real catalog or answer text.',
  },
  fileYamlAliases: {
    code: 'FILE.YAML_ALIASES',
    kind: 'invalid-input',
    message: '{file}: more than {limit} YAML alias expansions, the limit for imported files',
    meaning: 'A YAML file expands aliases so often that it reads as an alias bomb; nothing was imported.',
  },
  fileUnreadable: {
    code: 'FILE.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot read {file}: {reason}',
    meaning: 'An imported file does not exist, is a folder, or cannot be read.',
  },
});
