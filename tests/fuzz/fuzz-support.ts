import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../../src/composition.js';
import { EXIT_BY_KIND } from '../../src/cli/exit-codes.js';
import { isAppError } from '../../src/kernel/app-error.js';

/**
 * Property-based tests of the importers: real files, mutated (bytes flipped,
 * cut short, lines deleted or doubled, huge numbers, deep nesting, alias
 * bombs, unusual unicode, NUL), fed to the use case. Each case either
 * succeeds or is refused with an application error of a kind that has a
 * documented exit code, in one line, leaving every table as it was.
 *
 * The seed is fixed (and printed) so a failure replays; RENFE_FUZZ_SEED and
 * RENFE_FUZZ_RUNS override it and the number of cases.
 */
export const FUZZ_SEED = Number(process.env.RENFE_FUZZ_SEED ?? 20261202);
export const fuzzRuns = (cases: number) => Number(process.env.RENFE_FUZZ_RUNS ?? cases);

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const repoFile = (path: string) => join(REPO, path);
export const readRepoFile = (path: string) => readFileSync(repoFile(path), 'utf8');

const INSERTS = [
  '99999999999999999999999999999999',
  '-1e308',
  '1e309',
  'NaN',
  '-0',
  '0x7fffffffffffffff',
  '\u0000',
  '\uFFFD',
  '\uFEFF',
  '\uD800',
  '\u202E',
  '\u0301',
  '🙂',
  'é',
  '"',
  "'",
  ',',
  ';',
  ':',
  '\n',
  '\r\n',
  '\t',
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '- ',
  '? ',
  '!!binary ',
  '<<: *a',
  '=HYPERLINK("x")',
  'null',
  '~',
  'true',
];

/** A line nested far deeper than any real file. */
const deepLines = [
  `deep: ${'['.repeat(300)}${']'.repeat(300)}`,
  `${'{"a":'.repeat(300)}1${'}'.repeat(300)}`,
  Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n'),
];

/** The "billion laughs": each level refers ten times to the one before. */
const aliasBomb = [
  'bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 8 }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`),
].join('\n');

export type Mutation =
  | { op: 'flip'; at: number; code: number }
  | { op: 'truncate'; at: number }
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replaceLine'; at: number; text: string }
  | { op: 'append'; text: string };

const at = fc.nat({ max: 1_000_000 });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, code: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('deleteLine' as const), at }),
  fc.record({ op: fc.constant('duplicateLine' as const), at }),
  fc.record({
    op: fc.constant('insert' as const),
    at,
    text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ unit: 'binary', maxLength: 8 })),
  }),
  fc.record({ op: fc.constant('replaceLine' as const), at, text: fc.constantFrom(...deepLines, aliasBomb) }),
  fc.record({ op: fc.constant('append' as const), text: fc.constantFrom(aliasBomb, ...deepLines) }),
);

export function applyMutation(text: string, m: Mutation): string {
  if (m.op === 'append') return `${text}\n${m.text}\n`;
  if (m.op === 'flip' || m.op === 'truncate' || m.op === 'insert') {
    const i = text.length === 0 ? 0 : m.at % (text.length + 1);
    if (m.op === 'truncate') return text.slice(0, i);
    if (m.op === 'insert') return text.slice(0, i) + m.text + text.slice(i);
    return text.slice(0, i) + String.fromCharCode(m.code) + text.slice(i + 1);
  }
  const lines = text.split('\n');
  const i = m.at % lines.length;
  if (m.op === 'deleteLine') lines.splice(i, 1);
  else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i] ?? '');
  else lines[i] = m.text;
  return lines.join('\n');
}

/** One to four mutations of one of the sources. */
export function mutated(sources: readonly string[]): fc.Arbitrary<{ source: number; mutations: Mutation[] }> {
  return fc.record({
    source: fc.nat({ max: sources.length - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  });
}

export const applyAll = (text: string, mutations: readonly Mutation[]) => mutations.reduce(applyMutation, text);

/** Every table's row count. */
export async function rowCounts(app: App): Promise<Record<string, number>> {
  const db = app.handle.db;
  const tables =
    app.handle.capabilities.name === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
        ).rows.map((r) => r.name)
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
        ).rows.map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const table of tables.sort()) {
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}

/** What happened to the cases of one importer. */
export interface Tally {
  cases: number;
  accepted: number;
  refused: Record<string, number>;
}

export const newTally = (): Tally => ({ cases: 0, accepted: 0, refused: {} });

export function describeTally(name: string, tally: Tally): string {
  const refused = Object.entries(tally.refused)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return `fuzz ${name}: seed ${FUZZ_SEED}, ${tally.cases} cases, ${tally.accepted} accepted, refused: ${refused || 'none'}`;
}

/**
 * Runs one case: the work either succeeds, or fails with an application error
 * whose kind has an exit code, in one line, and leaves every table as it was.
 */
export async function expectSafe(app: App, tally: Tally, work: () => Promise<unknown>, show: () => string) {
  tally.cases++;
  const before = await rowCounts(app);
  try {
    await work();
    tally.accepted++;
  } catch (error) {
    if (!isAppError(error)) {
      throw new Error(`not an application error: ${String((error as Error)?.stack ?? error)}\ninput: ${show()}`);
    }
    expect(EXIT_BY_KIND[error.kind], `kind ${error.kind} has no exit code; input: ${show()}`).toBeTypeOf('number');
    expect(error.message, `message of ${error.code}`).not.toMatch(/\n/);
    expect(error.message.trim(), `message of ${error.code}`).not.toBe('');
    tally.refused[error.code] = (tally.refused[error.code] ?? 0) + 1;
    expect(await rowCounts(app), `rows changed by a refused import (${error.code}); input: ${show()}`).toEqual(before);
  }
}

/** A scratch folder for the mutated files, removed by `done`. */
export function scratch(): { dir: string; write(name: string, text: string): string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'renfe-fuzz-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A shortened view of a mutated input for failure messages. */
export const preview = (text: string) => JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text);

export async function runProperty<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>) {
  await fc.assert(fc.asyncProperty(arbitrary, check), { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true });
}

/** The cases of a run: all on SQLite, a fifth on PostgreSQL (each case costs more round trips there). */
export const casesOn = (dialect: 'sqlite' | 'postgres', cases: number) =>
  dialect === 'sqlite' ? fuzzRuns(cases) : Math.ceil(fuzzRuns(cases) / 5);
