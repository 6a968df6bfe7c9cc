import { defineErrors } from '../kernel/errors.js';

/** Errors of the command line itself: usage, output options, input plumbing, configuration. */
export const CLI_ERRORS = defineErrors({
  usage: {
    code: 'CLI.USAGE',
    kind: 'usage',
    message: '{problem}',
    hint: 'run with --help for usage',
    meaning: 'an unknown command or option, a missing or extra argument (reported by the command parser)',
  },
  missingFlag: {
    code: 'CLI.MISSING_FLAG',
    kind: 'usage',
    message: 'missing {flag} (no terminal to ask on)',
    meaning: 'a value the command would ask for on a terminal was not given as a flag, and there is no terminal',
  },
  missingArgument: {
    code: 'CLI.MISSING_ARGUMENT',
    kind: 'usage',
    message: '{problem}',
    meaning: 'a positional argument the command needs was not given',
  },
  stdinIsTerminal: {
    code: 'CLI.STDIN_TTY',
    kind: 'usage',
    message: '{flag} reads from a pipe, not a terminal',
    hint: `e.g. printf '%s\\n' "$PASSWORD" | renfe ... {flag}`,
    meaning: 'a --...-stdin flag was given but stdin is a terminal',
  },
  stdinEmpty: {
    code: 'CLI.STDIN_EMPTY',
    kind: 'invalid-input',
    message: '{flag}: expected {what} on stdin',
    meaning: 'a --...-stdin flag was given but stdin held fewer lines than needed',
  },
  unknownField: {
    code: 'CLI.UNKNOWN_FIELD',
    kind: 'usage',
    message: 'unknown JSON field{s} {fields}; valid fields: {valid}',
    meaning: '`--json <fields>` named a field the command does not print',
  },
  badJq: {
    code: 'CLI.BAD_JQ',
    kind: 'usage',
    message: '--jq: {problem}',
    meaning: 'the `--jq` expression did not compile or failed on the data',
  },
  badLimit: {
    code: 'CLI.BAD_LIMIT',
    kind: 'usage',
    message: '--limit must be a whole number above 0, got "{value}"',
    meaning: '`--limit` was not a positive whole number',
  },
  configUnreadable: {
    code: 'CONFIG.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot read the configuration file in {dir}: {reason}',
    hint: 'fix or remove config.json',
    meaning: 'the configuration file (RENFE_CONFIG_DIR, else ~/.config/renfe) is not valid JSON or cannot be read',
  },
  unknownProfile: {
    code: 'CONFIG.UNKNOWN_PROFILE',
    kind: 'not-found',
    message: 'no profile "{name}"',
    hint: 'run `renfe profile list`',
    meaning: '--profile, RENFE_PROFILE or `profile use` named a profile that does not exist',
  },
  badProfileName: {
    code: 'CONFIG.BAD_PROFILE',
    kind: 'invalid-input',
    message: 'bad profile name "{name}": use letters, digits, dot, dash, underscore',
    meaning: 'a profile name holds characters other than letters, digits, dot, dash and underscore',
  },
  profileExists: {
    code: 'CONFIG.PROFILE_EXISTS',
    kind: 'conflict',
    message: 'profile "{name}" already exists',
    meaning: '`profile add` named a profile that already exists',
  },
  unknownSetting: {
    code: 'CONFIG.UNKNOWN_KEY',
    kind: 'usage',
    message: 'unknown setting "{key}"',
    hint: 'known settings: {known}',
    meaning: '`config get` or `config set` named a setting renfe does not have (`renfe config list` shows them)',
  },
  badConfigValue: {
    code: 'CONFIG.BAD_VALUE',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: 'a setting, or the environment variable that stands for it, holds a value of the wrong form',
  },
});
