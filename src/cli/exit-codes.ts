import type { ErrorKind } from '../kernel/app-error.js';

/**
 * The one exit-code table: `main` sets exit codes from it, `--help` prints it,
 * and the README's table is checked against it by a test. Stable across
 * releases.
 */
export const EXIT_TABLE = [
  { name: 'ok', code: 0, short: 'ok', meaning: 'success' },
  {
    name: 'failure',
    code: 1,
    short: 'unexpected',
    meaning: 'unexpected error (rerun with `--debug` for the stack trace)',
  },
  {
    name: 'usage',
    code: 2,
    short: 'usage',
    kind: 'usage',
    meaning: 'usage: unknown command or option, missing argument, or a flag missing where no terminal can ask',
  },
  {
    name: 'invalidInput',
    code: 3,
    short: 'invalid input',
    kind: 'invalid-input',
    meaning: 'invalid input: a value that fails validation, a malformed file or database URL',
  },
  {
    name: 'notFound',
    code: 4,
    short: 'not found',
    kind: 'not-found',
    meaning: "not found (also what you get for another organisation's ids)",
  },
  {
    name: 'conflict',
    code: 5,
    short: 'conflict',
    kind: 'conflict',
    meaning: 'conflict: already exists, last owner, concurrent change, broken audit chain',
  },
  {
    name: 'unauthenticated',
    code: 6,
    short: 'not authenticated',
    kind: 'unauthenticated',
    meaning:
      'not authenticated: not logged in, bad credentials, expired session, invalid or revoked token, locked account',
  },
  {
    name: 'forbidden',
    code: 7,
    short: 'forbidden',
    kind: 'forbidden',
    meaning: 'forbidden: your role may not do this',
  },
  {
    name: 'unavailable',
    code: 8,
    short: 'unavailable',
    kind: 'unavailable',
    meaning: 'unavailable: the database or an outside service cannot be opened or reached',
  },
  { name: 'limitReached', code: 9, short: 'limit reached', kind: 'limit-reached', meaning: 'a plan limit was reached' },
  {
    name: 'belowThreshold',
    code: 10,
    short: 'below threshold',
    kind: 'below-threshold',
    meaning: 'a score is below the `--fail-under` threshold',
  },
  {
    name: 'schemaMismatch',
    code: 11,
    short: 'schema mismatch',
    kind: 'schema-mismatch',
    meaning: 'database schema mismatch: not initialised, behind (run `renfe db migrate`), or newer than this renfe',
  },
  {
    name: 'unsupported',
    code: 12,
    short: 'unsupported',
    kind: 'unsupported',
    meaning:
      'unsupported: a well-formed file of a kind renfe does not import (e.g. a CISO Assistant risk matrix library)',
  },
  {
    name: 'badSignature',
    code: 13,
    short: 'bad signature',
    kind: 'bad-signature',
    meaning: 'a signature did not verify: forged, made with another secret, or too old (e.g. a Stripe webhook)',
  },
  {
    name: 'notConfigured',
    code: 14,
    short: 'not configured',
    kind: 'not-configured',
    meaning: 'a setting the command needs is missing (e.g. no Stripe key); the message says which to set',
  },
  { name: 'interrupted', code: 130, short: 'interrupted', kind: 'interrupted', meaning: 'interrupted (Ctrl-C)' },
] as const satisfies readonly {
  name: string;
  code: number;
  short: string;
  kind?: ErrorKind;
  meaning: string;
}[];

type ExitName = (typeof EXIT_TABLE)[number]['name'];

export const EXIT = Object.fromEntries(EXIT_TABLE.map((row) => [row.name, row.code])) as {
  readonly [N in ExitName]: Extract<(typeof EXIT_TABLE)[number], { name: N }>['code'];
};

export const EXIT_BY_KIND = Object.fromEntries(
  EXIT_TABLE.filter((row) => 'kind' in row).map((row) => [(row as { kind: ErrorKind }).kind, row.code]),
) as Record<ErrorKind, number>;

/** The exit codes as `--help` shows them, wrapped at 80 columns. */
export const EXIT_HELP = wrap(`Exit codes: ${EXIT_TABLE.map((row) => `${row.code} ${row.short}`).join(', ')}.`, 80);

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
