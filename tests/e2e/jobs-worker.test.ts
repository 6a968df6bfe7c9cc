import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { JobsWorkspace } from './jobs-helpers.js';
import { describeRun, expectExit, lines } from './helpers.js';

/**
 * `renfe worker` processes against the real queue: pg-boss on PostgreSQL, the
 * jobs table on SQLite. A side table (jobs_runs) counts every run of every job.
 */
describe.each(DIALECTS)('renfe worker on $name', (dialect) => {
  let ws: JobsWorkspace;

  beforeEach(async () => {
    ws = new JobsWorkspace(await dialect.fresh());
    await ws.init();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('two workers share 200 jobs and run each exactly once', async () => {
    const queued = expectExit(await ws.run(['jobs', 'ping', '--count', '200', '--sleep-ms', '25']), 0);
    const ids = lines(queued.stdout);
    expect(new Set(ids).size).toBe(200);

    const a = ws.worker(['--queues', 'ping', '--concurrency', '4', '--until-idle']);
    const b = ws.worker(['--queues', 'ping', '--concurrency', '4', '--until-idle']);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, a.stderr()).toBe(0);
    expect(eb.code, b.stderr()).toBe(0);

    const jobs = await ws.jobs();
    expect(jobs).toHaveLength(200);
    expect(jobs.every((j) => j.state === 'completed' && j.attempts === 1)).toBe(true);
    const runs = await ws.query<{ job_id: string; outcome: string; worker: string }>(
      'select job_id, outcome, worker from jobs_runs',
    );
    expect(runs).toHaveLength(200);
    expect(new Set(runs.map((r) => r.job_id))).toEqual(new Set(ids));
    expect(runs.every((r) => r.outcome === 'completed')).toBe(true);
    // Both took work.
    expect(new Set(runs.map((r) => r.worker)).size).toBe(2);

    const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json']), 0).stdout);
    expect(status.engine).toBe(dialect.name === 'postgres' ? 'pg-boss' : 'sqlite');
    expect(status.queues.find((q: { queue: string }) => q.queue === 'ping').counts.completed).toBe(200);
    expect(status.workers).toHaveLength(2);
  });

  it('a worker killed with SIGKILL mid-job: the job is retried after its lease and completed by another', async () => {
    const [id] = lines(expectExit(await ws.run(['jobs', 'ping', '--sleep-ms', '1500', '--lease', '2']), 0).stdout);
    const doomed = ws.worker(['--queues', 'ping', '--poll', '500']);
    await ws.until('the job to start', async () => (await ws.jobs()).some((j) => j.id === id && j.state === 'active'));
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect((await ws.jobs()).find((j) => j.id === id)?.state).toBe('active');

    const rescuer = ws.worker(['--queues', 'ping', '--poll', '500', '--lease-check', '1']);
    await ws.until('the job to complete', async () =>
      (await ws.jobs()).some((j) => j.id === id && j.state === 'completed'),
    );
    rescuer.child.kill('SIGTERM');
    expect((await rescuer.exited).code, rescuer.stderr()).toBe(0);

    const job = (await ws.jobs()).find((j) => j.id === id);
    expect(job?.attempts).toBe(2);
    const runs = await ws.query<{ outcome: string; attempt: number }>(
      `select outcome, attempt from jobs_runs where job_id = '${id}' order by attempt`,
    );
    // The killed worker's run never finished; the second one completed.
    expect(runs).toEqual([
      { outcome: 'running', attempt: 1 },
      { outcome: 'completed', attempt: 2 },
    ]);
    const shown = JSON.parse(expectExit(await ws.run(['jobs', 'show', id as string, '--json']), 0).stdout);
    expect(shown.runs).toHaveLength(2);
  });

  it('SIGTERM during a job: the worker finishes it and exits 0; with no grace it releases it to the queue', async () => {
    const [first] = lines(expectExit(await ws.run(['jobs', 'ping', '--sleep-ms', '1500']), 0).stdout);
    const patient = ws.worker(['--queues', 'ping']);
    await ws.until('the job to start', async () =>
      (await ws.jobs()).some((j) => j.id === first && j.state === 'active'),
    );
    const signalled = Date.now();
    patient.child.kill('SIGTERM');
    const done = await patient.exited;
    // Once its job is done it exits: no timer of the grace period keeps it alive.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(done.code, patient.stderr()).toBe(0);
    expect(patient.stderr()).toMatch(/stopped: 1 completed, 0 failed, 0 released/);
    expect((await ws.jobs()).find((j) => j.id === first)?.state).toBe('completed');

    const [second] = lines(expectExit(await ws.run(['jobs', 'ping', '--sleep-ms', '20000']), 0).stdout);
    const hasty = ws.worker(['--queues', 'ping', '--grace', '0']);
    await ws.until('the job to start', async () =>
      (await ws.jobs()).some((j) => j.id === second && j.state === 'active'),
    );
    hasty.child.kill('SIGINT');
    const stopped = await hasty.exited;
    expect(stopped.code, hasty.stderr()).toBe(0);
    expect(hasty.stderr()).toMatch(/released ping/);
    const job = (await ws.jobs()).find((j) => j.id === second);
    expect(job?.state).toBe('retry');
    expect(job?.lastError).toMatch(/released/);
  });

  it('bad worker flags are one-line errors that change nothing', async () => {
    const badQueue = await ws.run(['worker', '--queues', 'reports,nope']);
    expect(badQueue.code, describeRun(badQueue)).toBe(3);
    expect(badQueue.stderr).toMatch(/^error: --queues: unknown queue "nope"/);
    const badConcurrency = await ws.run(['worker', '--concurrency', '0']);
    expect(badConcurrency.code).toBe(3);
    expect(lines(badConcurrency.stderr)).toHaveLength(1);
    expect(await ws.jobs()).toEqual([]);
  });
});
