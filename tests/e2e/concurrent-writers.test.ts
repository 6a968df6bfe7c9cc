import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { describeRun, inBatches, initWorkspace, Sandbox } from './helpers.js';
import type { SpawnResult } from './spawn.js';

const PROCESSES = 4;
const ANSWERS_PER_PROCESS = 10;
const ORGS_PER_PROCESS = 3;

const LOCKED = /database is locked|SQLITE_BUSY|busy/i;

/**
 * Four processes at once, each answering its own questions of one assessment
 * and creating organisations, on one database: no write is lost, none fails
 * with "database is locked", and every audit chain verifies.
 */
describe.each(DIALECTS)('four processes writing one database on $name', (dialect) => {
  it('answers and organisations from 4 processes: 0 lost writes, 0 locked errors, chains verify', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const { organization } = await initWorkspace(ana, 'Head Office', 'ana@acme.test');
    const created = await ana.json<{ id: string }>([
      'assessment',
      'create',
      '--subject',
      'Hospital',
      '--framework',
      'nist-csf-2.0',
    ]);
    type Row = { question: string; value: unknown; asked: boolean; type: string };
    const exported = async () =>
      (await ana.json<{ answers: Row[] }>(['assessment', 'export-answers', created.id, '--format', 'json'])).answers;
    const questions = (await exported()).filter((r) => r.asked && r.type === 'yes_no').map((r) => r.question);
    expect(questions.length).toBeGreaterThanOrEqual(PROCESSES * ANSWERS_PER_PROCESS);

    const started = Date.now();
    const runs: { kind: 'answer' | 'org'; question?: string; run: SpawnResult }[] = (
      await Promise.all(
        Array.from({ length: PROCESSES }, async (_, p) => {
          const mine: { kind: 'answer' | 'org'; question?: string; run: SpawnResult }[] = [];
          for (let i = 0; i < ANSWERS_PER_PROCESS; i++) {
            const question = questions[p * ANSWERS_PER_PROCESS + i] as string;
            const value = i % 2 === 0 ? 'yes' : 'no';
            mine.push({
              kind: 'answer',
              question,
              run: await ana.run(['assessment', 'answer', created.id, question, value]),
            });
            if (i % 3 === 0 && i / 3 < ORGS_PER_PROCESS)
              mine.push({ kind: 'org', run: await ana.run(['--json', 'org', 'create', 'Branch Office']) });
          }
          return mine;
        }),
      )
    ).flat();
    const seconds = (Date.now() - started) / 1000;

    const failed = runs.filter((r) => r.run.code !== 0);
    const locked = runs.filter((r) => LOCKED.test(r.run.stderr));
    const stored = new Map((await exported()).map((r) => [r.question, r.value]));
    const answers = runs.filter((r) => r.kind === 'answer');
    const lostAnswers = answers.filter((r) => {
      const i = questions.indexOf(r.question as string) % ANSWERS_PER_PROCESS;
      return stored.get(r.question as string) !== (i % 2 === 0 ? 'yes' : 'no');
    });
    const orgRuns = runs.filter((r) => r.kind === 'org');
    const slugs = orgRuns
      .filter((r) => r.run.code === 0)
      .map((r) => (JSON.parse(r.run.stdout) as { slug: string }).slug);
    const orgs = await ana.json<{ slug: string }[]>(['org', 'list']);
    const lostOrgs = slugs.filter((s) => !orgs.some((o) => o.slug === s)).length;

    const verdicts = await inBatches([organization.slug, ...slugs], PROCESSES, (slug) =>
      ana.json<{ ok: boolean; count: number }>(['--org', slug, 'audit', 'verify']),
    );
    const audited = await ana.json<unknown[]>(['audit', 'list', '--action', 'assessment.answered', '--limit', '1000']);
    console.log(
      `concurrency ${dialect.name}: ${PROCESSES} processes, ${runs.length} writes (${answers.length} answers, ${orgRuns.length} organisations) in ${seconds.toFixed(1)} s; ` +
        `failed ${failed.length}, lost ${lostAnswers.length + lostOrgs}, locked errors ${locked.length}, chains verified ${verdicts.filter((v) => v.ok).length}/${verdicts.length}`,
    );

    for (const r of failed) expect(r.run.code, describeRun(r.run)).toBe(0);
    expect(locked.map((r) => describeRun(r.run))).toEqual([]);
    expect(lostAnswers.map((r) => r.question)).toEqual([]);
    expect(lostOrgs).toBe(0);
    expect(new Set(slugs).size).toBe(PROCESSES * ORGS_PER_PROCESS);
    expect(orgs).toHaveLength(1 + PROCESSES * ORGS_PER_PROCESS);
    expect(audited).toHaveLength(PROCESSES * ANSWERS_PER_PROCESS);
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(verdicts[0]).toMatchObject({ ok: true });
  }, 180_000);

  it('two processes answering the same question: the last write wins and both are audited', async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana');
    const { organization } = await initWorkspace(ana, 'Head Office', 'ana@acme.test');
    const created = await ana.json<{ id: string }>([
      'assessment',
      'create',
      '--subject',
      'Hospital',
      '--framework',
      'nist-csf-2.0',
      '--domain',
      'RC',
    ]);
    const [yes, no] = await Promise.all([
      ana.run(['assessment', 'answer', created.id, 'RC.RP-01.Q1', 'yes']),
      ana.run(['assessment', 'answer', created.id, 'RC.RP-01.Q1', 'no']),
    ]);
    expect(yes.code, describeRun(yes)).toBe(0);
    expect(no.code, describeRun(no)).toBe(0);
    const audited = await ana.json<{ seq: number; details: { value?: unknown } }[]>([
      'audit',
      'list',
      '--action',
      'assessment.answered',
    ]);
    expect(audited).toHaveLength(2);
    const last = [...audited].sort((a, b) => b.seq - a.seq)[0]!;
    const rows = (
      await ana.json<{ answers: { question: string; value: unknown }[] }>([
        'assessment',
        'export-answers',
        created.id,
        '--format',
        'json',
      ])
    ).answers;
    const stored = rows.find((r) => r.question === 'RC.RP-01.Q1')?.value;
    expect(['yes', 'no']).toContain(stored);
    if (last.details.value !== undefined) expect(stored).toBe(last.details.value);
    const verdict = await ana.json<{ ok: boolean }>(['--org', organization.slug, 'audit', 'verify']);
    expect(verdict.ok).toBe(true);
  }, 60_000);
});
