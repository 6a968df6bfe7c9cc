import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the benchmarks, without types
import { generateOscalCatalog } from '../../bench/fixtures/oscal-generator.mjs';
import { DIALECTS } from '../support/databases.js';
import { describeRun, initWorkspace, type Person, Sandbox } from './helpers.js';
import { RENFE_BIN } from './spawn.js';

/**
 * `kill -9` in the middle of work: the database still opens, its audit chain
 * verifies, and it holds all of the work or none of it. Each command is killed
 * after growing delays until one run finishes on its own, so kills land before,
 * during and after its transaction.
 */
const DELAYS_MS = [300, 450, 600, 800, 1000, 1300, 1800, 2600, 4000];

interface Outcome {
  readonly delay: number;
  readonly killed: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a command as the person and SIGKILLs it after `delay` ms (unless it exits first). */
function killAfter(person: Person, args: readonly string[], delay: number, input = ''): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RENFE_BIN, ...args], {
      cwd: person.home,
      env: person.env(),
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    let killed = false;
    // An infinite delay lets the run finish on its own.
    const timer = Number.isFinite(delay)
      ? setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, delay)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ delay, killed: killed && signal === 'SIGKILL', code, stderr });
    });
  });
}

/**
 * Kills the command at each delay in turn until a run finishes; `check` runs
 * after every attempt. When every delay was too short (a loaded machine), a
 * last run goes unkilled, so the work still completes once.
 */
async function killRepeatedly(
  person: Person,
  args: readonly string[],
  check: (outcome: Outcome) => Promise<void>,
  input = '',
  delays: readonly number[] = DELAYS_MS,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const delay of delays) {
    const outcome = await killAfter(person, args, delay, input);
    outcomes.push(outcome);
    await check(outcome);
    if (!outcome.killed) break;
  }
  if (outcomes.at(-1)?.killed) {
    const outcome = await killAfter(person, args, Number.POSITIVE_INFINITY, input);
    outcomes.push(outcome);
    await check(outcome);
  }
  expect(outcomes.at(-1)?.killed, `the unkilled run of ${args.join(' ')}`).toBe(false);
  expect(
    outcomes.some((o) => o.killed),
    `no run of ${args.join(' ')} was killed: the first delay is too long`,
  ).toBe(true);
  return outcomes;
}

async function expectChainVerifies(person: Person, slug: string): Promise<void> {
  const r = await person.run(['--json', '--org', slug, 'audit', 'verify']);
  expect(r.code, describeRun(r)).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
}

const summary = (outcomes: readonly Outcome[]) =>
  outcomes.map((o) => `${o.delay} ms: ${o.killed ? 'killed' : `exit ${o.code}`}`).join(', ');

describe.each(DIALECTS)('kill -9 in the middle of work on $name', (dialect) => {
  it('during a large framework import: the framework is there whole, or not at all', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const { organization } = await initWorkspace(ana, 'Acme', 'ana@acme.test');
    const catalog = join(sandbox.root, 'large-catalog.json');
    writeFileSync(catalog, JSON.stringify(generateOscalCatalog(3000)));

    let whole: number | null = null;
    const outcomes = await killRepeatedly(ana, ['--json', 'framework', 'import', catalog], async (outcome) => {
      const [, all, imported] = await Promise.all([
        expectChainVerifies(ana, organization.slug),
        ana.json<{ id: string; scope: string }[]>(['framework', 'list']),
        ana.json<{ action: string }[]>(['audit', 'list', '--action', 'framework.imported']),
      ]);
      const listed = all.filter((f) => f.scope === 'organisation');
      expect(imported.length, 'an audit entry exactly when the framework is stored').toBe(listed.length);
      expect(listed.length).toBeLessThanOrEqual(1);
      if (listed[0]) {
        const shown = await ana.json<{ requirements: unknown[] }>(['framework', 'show', listed[0].id]);
        const count = JSON.stringify(shown.requirements).split('"id"').length;
        whole ??= count;
        expect(count, `requirements after a run killed at ${outcome.delay} ms`).toBe(whole);
      } else {
        expect(outcome.killed, `exit ${outcome.code} without a framework: ${outcome.stderr}`).toBe(true);
      }
    });
    console.log(`crash ${dialect.name} framework import: ${summary(outcomes)}`);
  }, 120_000);

  it('during import-answers: every answer of the file is stored, or none', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const { organization } = await initWorkspace(ana, 'Acme', 'ana@acme.test');
    const created = await ana.json<{ id: string }>([
      'assessment',
      'create',
      '--subject',
      'Hospital',
      '--framework',
      'nist-csf-2.0',
    ]);
    type Row = { question: string; value: unknown; asked: boolean; type: string };
    const exported = () =>
      ana.json<{ answers: Row[] }>(['assessment', 'export-answers', created.id, '--format', 'json']);
    const questions = (await exported()).answers.filter((r) => r.asked && r.type === 'yes_no').map((r) => r.question);
    expect(questions.length).toBeGreaterThan(50);
    const file = join(sandbox.root, 'answers.csv');
    writeFileSync(file, ['question,value', ...questions.map((q) => `${q},yes`)].join('\n'));

    const answered = async () => (await exported()).answers.filter((r) => r.value === 'yes').length;
    let outcomesSoFar = 0;
    const outcomes = await killRepeatedly(
      ana,
      ['assessment', 'import-answers', created.id, file],
      async (outcome) => {
        const [, n, audited] = await Promise.all([
          expectChainVerifies(ana, organization.slug),
          answered(),
          ana.json<unknown[]>(['audit', 'list', '--action', 'assessment.answers_imported']),
        ]);
        if (n === 0) expect(audited).toHaveLength(0);
        else {
          expect(n, `answers after a run killed at ${outcome.delay} ms`).toBe(questions.length);
          // One entry per run that committed (a run killed after its commit counts).
          expect(audited.length).toBeGreaterThanOrEqual(1);
          expect(audited.length).toBeLessThanOrEqual(outcomesSoFar + 1);
        }
        outcomesSoFar++;
        if (!outcome.killed) expect(n, outcome.stderr).toBe(questions.length);
      },
      '',
      [150, 200, 250, 300, 380, 500, 800, 1500, 4000],
    );
    console.log(`crash ${dialect.name} import-answers: ${summary(outcomes)}`);
  }, 120_000);

  it('during report generate: the target path holds a whole report or nothing', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const { organization } = await initWorkspace(ana, 'Acme', 'ana@acme.test');
    const created = await ana.json<{ id: string }>([
      'assessment',
      'create',
      '--subject',
      'Hospital',
      '--framework',
      'nist-csf-2.0',
    ]);
    const out = join(sandbox.root, 'reports', 'report.pdf');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(sandbox.root, 'reports'));
    const outcomes = await killRepeatedly(
      ana,
      ['report', 'generate', created.id, '--format', 'pdf', '--out', out],
      async (outcome) => {
        await expectChainVerifies(ana, organization.slug);
        if (existsSync(out)) {
          const pdf = readFileSync(out);
          expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
          expect(pdf.subarray(-8).toString()).toMatch(/%%EOF\s*$/);
          const verified = await ana.run(['report', 'verify', out]);
          expect(verified.code, describeRun(verified)).toBe(0);
        } else expect(outcome.killed, outcome.stderr).toBe(true);
        // Only the report, or a leftover temporary file of a killed run, beside it.
        for (const name of readdirSync(join(sandbox.root, 'reports')))
          expect(name).toMatch(/^report\.pdf(\.\d+\.tmp)?$/);
      },
    );
    console.log(`crash ${dialect.name} report generate: ${summary(outcomes)}`);
  }, 120_000);

  it('during the first init (its migrations): the next init or db migrate completes and verifies', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const outcomes: Outcome[] = [];
    // Early kills land while the schema is being created.
    for (const delay of [250, 400, 550, 700, 900]) {
      const outcome = await killAfter(
        ana,
        ['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'],
        delay,
        'correct horse battery staple\n',
      );
      outcomes.push(outcome);
      if (!outcome.killed) break;
      const status = await ana.run(['--json', 'db', 'status']);
      expect([0, 11], describeRun(status)).toContain(status.code);
    }
    console.log(`crash ${dialect.name} init: ${summary(outcomes)}`);
    const migrated = await ana.run(['db', 'migrate']);
    expect(migrated.code, describeRun(migrated)).toBe(0);
    const status = await ana.json<{ pending: unknown[] }>(['db', 'status']);
    expect(status.pending).toEqual([]);
    // A run killed after its commit has initialised the workspace, as one that finished has.
    const login = await ana.run(['login', '--email', 'ana@acme.test', '--password-stdin'], {
      input: 'correct horse battery staple\n',
    });
    let slug: string;
    if (login.code === 0) {
      slug = (await ana.json<{ slug: string }[]>(['org', 'list']))[0]!.slug;
    } else {
      expect(outcomes.at(-1)?.killed, `the finished init left no workspace: ${describeRun(login)}`).toBe(true);
      expect(login.code, describeRun(login)).toBe(6);
      slug = (await initWorkspace(ana, 'Acme', 'ana@acme.test')).organization.slug;
    }
    await expectChainVerifies(ana, slug);
  }, 120_000);
});
