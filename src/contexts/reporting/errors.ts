import { defineErrors } from '../../kernel/errors.js';

/** Every error the reporting context raises (see src/kernel/errors.ts). */
export const REPORTING_ERRORS = defineErrors({
  badFormat: {
    code: 'REPORT.BAD_FORMAT',
    kind: 'invalid-input',
    message: '--format must be one of {formats}, got "{format}"',
    meaning: '`report generate --format` named a format other than pdf, json, csv, md or oscal',
  },
  badLanguage: {
    code: 'REPORT.BAD_LANGUAGE',
    kind: 'invalid-input',
    message: '--lang must be en or es, got "{language}"',
    meaning: '`report generate --lang` named a language reports are not written in',
  },
  badThreshold: {
    code: 'REPORT.BAD_THRESHOLD',
    kind: 'invalid-input',
    message: '--fail-under must be a percentage from 0 to 100, got {value}',
    meaning: '`report generate --fail-under` was a number outside 0 to 100',
  },
  badLogo: {
    code: 'REPORT.BAD_LOGO',
    kind: 'invalid-input',
    message: 'logo: {problem}',
    meaning: 'the logo (`--logo` or profile `report.logo`) cannot be read or is not a PNG or JPEG image',
  },
  fileUnusable: {
    code: 'REPORT.FILE',
    kind: 'invalid-input',
    message: 'cannot use {path}: {reason}',
    meaning: 'a report file cannot be written or read (missing folder, no permission, a folder in its place)',
  },
  belowThreshold: {
    code: 'REPORT.BELOW_THRESHOLD',
    kind: 'below-threshold',
    message: 'compliance {compliance} is under the threshold of {threshold}%',
    meaning: 'the report was written, but compliance is under the `--fail-under` percentage (a CI gate)',
  },
  notOurs: {
    code: 'REPORT.UNKNOWN',
    kind: 'not-found',
    message: '{file} is not a report renfe {problem}',
    meaning:
      '`report verify`: the file is not one renfe recorded in this organisation, or its seal is damaged, altered or from another key',
  },
  dataChanged: {
    code: 'REPORT.DATA_CHANGED',
    kind: 'conflict',
    message: '{file} is report {id} of assessment {assessment} ({createdAt}), but the assessment has changed since',
    meaning: '`report verify`: the report is ours, but its assessment has changed since it was generated',
  },
  templateUnreadable: {
    code: 'TEMPLATE.UNREADABLE',
    kind: 'invalid-input',
    message: '{file}: {problem}',
    meaning: 'a report template file does not exist or is not valid YAML',
  },
  templateInvalid: {
    code: 'TEMPLATE.INVALID',
    kind: 'invalid-input',
    message: '{file}: {place}: expected {expected}',
    meaning: 'a report template does not have the shape of one; the message names the field',
  },
  templateNotFound: {
    code: 'TEMPLATE.NOT_FOUND',
    kind: 'not-found',
    message: 'no template "{name}"',
    hint: 'use one of {names}, or the path of your own copy',
    meaning: '`--template` is neither a shipped template nor the path of a template file',
  },
});
