import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addMember, expectExit, initWorkspace, PASSWORD, type Person, Sandbox } from './helpers.js';

/** The central database of the sync tests: PostgreSQL when it answers, else a SQLite file. */
export const CENTRAL = DIALECTS.find((d) => d.name === 'postgres') ?? (DIALECTS[0] as (typeof DIALECTS)[number]);

export interface SyncSummaryJson {
  peer: string;
  organisation: string;
  sent: number;
  received: number;
  unchanged: number;
  conflicts: number;
  waiting: number;
  assessments: { id: string; created: boolean; sent: number; received: number; conflicts: number }[];
}

export interface ConflictJson {
  id: string;
  assessment: string;
  record: string;
  kind: string;
  local: { value: { value: unknown; note: string | null }; by: string; at: string } | null;
  remote: { value: { value: unknown; note: string | null }; by: string; at: string } | null;
}

export interface AnswerRow {
  question: string;
  value: unknown;
  note: string | null;
  answeredBy: string | null;
}

/**
 * A central database with its owner (`boss`) in organisation `acme`, and
 * consultants with a SQLite workspace of their own, each signed in on the
 * central database too.
 */
export async function centralWithConsultants(names: readonly string[], role = 'consultant') {
  const sandbox = await Sandbox.on(CENTRAL);
  const boss = sandbox.person('boss');
  await initWorkspace(boss, 'acme', 'boss@acme.test');
  const people: Person[] = [];
  for (const name of names) {
    await addMember(boss, 'acme', `${name}@acme.test`, role);
    const person = sandbox.person(name, { defaultDatabase: true });
    await initWorkspace(person, `${name}-laptop`, `${name}@acme.test`);
    await signInCentral(person, sandbox.database, `${name}@acme.test`);
    people.push(person);
  }
  return { sandbox, boss, central: sandbox.database, people };
}

/** `renfe --db <central> login`: the session is kept in the person's profile for that database. */
export async function signInCentral(person: Person, central: string, email: string): Promise<void> {
  expectExit(
    await person.run(['--db', central, 'login', '--email', email, '--password-stdin'], { input: `${PASSWORD}\n` }),
    0,
  );
}

export async function answers(person: Person, id: string, db?: string): Promise<Map<string, AnswerRow>> {
  const args = [...(db ? ['--db', db] : []), 'assessment', 'export-answers', id, '--format', 'json'];
  const out = await person.json<{ answers: AnswerRow[] }>(args);
  return new Map(out.answers.filter((a) => a.value !== null).map((a) => [a.question, a]));
}

/** What both sides hold, compared as `question=value` lines. */
export function answerLines(rows: Map<string, AnswerRow>): string[] {
  return [...rows.values()].map((a) => `${a.question}=${JSON.stringify(a.value)}|${a.note ?? ''}`).sort();
}

export async function expectChainsVerify(...runs: readonly { person: Person; db?: string }[]): Promise<void> {
  for (const { person, db } of runs) {
    const r = await person.run([...(db ? ['--db', db] : []), 'audit', 'verify']);
    expect(r.code, `${person.dir}: audit verify\n${r.stdout}\n${r.stderr}`).toBe(0);
  }
}

/** Writes a file of `size` bytes (distinct content per `seed`) and returns its path. */
export function evidenceFile(dir: string, seed: number, size = 2048): string {
  const path = join(dir, `evidence-${seed}.bin`);
  const bytes = Buffer.alloc(size, seed % 251);
  bytes.write(`evidence ${seed}`);
  writeFileSync(path, bytes);
  return path;
}
