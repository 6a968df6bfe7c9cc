import { CLI_ERRORS } from './errors.js';

/**
 * The output contract of read commands, after the GitHub CLI's:
 * - `--json` prints every field; `--json id,subject` only those (an unknown
 *   field is a usage error listing the valid ones); `--jq <expr>` filters the
 *   JSON with jq itself (jq-wasm, loaded only then);
 * - on a terminal tables are aligned, truncated and show stored codes as
 *   words; piped, they print full raw values, tab-separated, without a header.
 */
export interface Column<T> {
  readonly header: string;
  /** The stored value, printed as is when output is not a terminal. */
  readonly value: (row: T) => string | number | boolean | null | undefined;
  /** What a person reads on a terminal (words for codes, shortened text); defaults to `value`. */
  readonly human?: (row: T) => string | number | null | undefined;
}

export interface JsonRequest {
  /** The fields asked for with `--json a,b`; absent for `--json` alone. */
  readonly fields?: readonly string[];
  readonly jq?: string;
}

const FIELD_LIST = /^[A-Za-z_][\w.]*(,[A-Za-z_][\w.]*)*$/;

/**
 * Takes `--json <fields>`, `--json=<fields>` and `--jq <expr>` out of argv.
 * A word after `--json` is a field list when it has a comma or names one of
 * the command's fields; otherwise it is left for the command (an id, say).
 */
export function takeJsonRequest(
  argv: readonly string[],
  fields: readonly string[] | undefined,
  /** The command takes no positional arguments: any identifier list after --json is a field list. */
  fieldsOnly = false,
  /** The command's words (`billing status`): a word of them after `--json` is the command, not fields. */
  commandPath: readonly string[] = [],
): { argv: string[]; request: JsonRequest | undefined } {
  const rest: string[] = [];
  let wordsSeen = 0;
  let request: { fields?: string[]; jq?: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('--json=')) {
      request = { ...request, fields: token.slice('--json='.length).split(',').filter(Boolean) };
      rest.push('--json');
      continue;
    }
    if (token === '--json') {
      const next = argv[i + 1];
      rest.push(token);
      request = { ...request };
      if (
        next !== undefined &&
        !(wordsSeen < commandPath.length && next === commandPath[wordsSeen]) &&
        FIELD_LIST.test(next) &&
        (next.includes(',') || fields?.includes(next) || (fieldsOnly && fields !== undefined))
      ) {
        request.fields = next.split(',');
        i++;
      }
      continue;
    }
    if (token === '--jq' || token.startsWith('--jq=')) {
      // Left in argv for commander (a global option); the expression is kept here.
      const expression = token === '--jq' ? argv[i + 1] : token.slice('--jq='.length);
      rest.push(token);
      if (token === '--jq' && expression !== undefined) rest.push(argv[++i] as string);
      if (expression !== undefined) request = { ...request, jq: expression };
      continue;
    }
    if (!token.startsWith('-') && token === commandPath[wordsSeen]) wordsSeen++;
    rest.push(token);
  }
  return { argv: rest, request };
}

/** Keeps the asked-for fields of an object, or of each item of a list. */
export function selectFields(value: unknown, request: JsonRequest, valid: readonly string[] | undefined): unknown {
  if (!request.fields) return value;
  const known = valid ?? fieldsOf(value);
  const unknown = request.fields.filter((f) => !known.includes(f));
  if (unknown.length > 0) {
    throw CLI_ERRORS.unknownField({
      s: unknown.length === 1 ? '' : 's',
      fields: unknown.join(', '),
      valid: known.join(', '),
    });
  }
  const pick = (item: unknown) =>
    item && typeof item === 'object'
      ? Object.fromEntries(request.fields!.map((f) => [f, (item as Record<string, unknown>)[f] ?? null]))
      : item;
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

function fieldsOf(value: unknown): string[] {
  const sample = Array.isArray(value) ? value[0] : value;
  return sample && typeof sample === 'object' ? Object.keys(sample) : [];
}

/** Runs a jq expression over the JSON text; jq's own error message on a bad expression. */
export async function applyJq(json: string, expression: string): Promise<string> {
  const { raw } = await import('jq-wasm');
  try {
    const out = await raw(json, expression, ['-r']);
    return typeof out === 'string' ? out : String(out);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .join('; ');
    throw CLI_ERRORS.badJq({ problem: message });
  }
}

/** A table: aligned for people on a terminal, tab-separated raw values otherwise. */
export async function renderTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  terminal: boolean,
): Promise<string> {
  if (!terminal) {
    return rows
      .map((row) =>
        columns
          .map((c) => {
            const v = c.value(row);
            return v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' ');
          })
          .join('\t'),
      )
      .join('\n');
  }
  const { table } = await import('./table.js');
  return table(
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => (c.human ? c.human(row) : c.value(row)) as string | number | null)),
  );
}

/** `--limit n`: a positive whole number, or no limit. */
export function parseLimit(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw CLI_ERRORS.badLimit({ value: String(raw) });
  }
  return n;
}

/** Shortens text for a terminal column. */
export function shorten(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
