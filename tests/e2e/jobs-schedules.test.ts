import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { earlyInAMinute, JobsWorkspace } from './jobs-helpers.js';
import { describeRun, expectExit, PASSWORD } from './helpers.js';

/**
 * A cron schedule fired by two `renfe worker` processes at once: pg-boss's
 * clock on PostgreSQL, the jobs table's claim transaction on SQLite. Each slot
 * queues one job, run once.
 */
describe.each(DIALECTS)('schedules on $name', (dialect) => {
  let ws: JobsWorkspace;

  beforeEach(async () => {
    ws = new JobsWorkspace(await dialect.fresh());
    await ws.init();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('two workers fire a per-minute schedule once in its slot, and run its job once', async () => {
    const made = expectExit(
      await ws.run(['jobs', 'schedule', 'heartbeat', '--cron', '* * * * *', '--job', 'ping', '--json']),
      0,
    );
    expect(JSON.parse(made.stdout)).toMatchObject({ name: 'heartbeat', job: 'ping', cron: '* * * * *' });
    const listed = JSON.parse(expectExit(await ws.run(['jobs', 'schedules', '--json']), 0).stdout);
    expect(listed.map((s: { name: string; job: string }) => [s.name, s.job])).toEqual([['heartbeat', 'ping']]);

    // The slot of the current minute fires when the workers first look (pg-boss's rule, on both).
    await earlyInAMinute();
    const started = Date.now();
    const a = ws.worker(['--queues', 'ping', '--lease-check', '1']);
    const b = ws.worker(['--queues', 'ping', '--lease-check', '1']);
    const scheduled = async () => (await ws.run(['jobs', 'list', '--json', 'id,queue,kind,state,createdAt'])).stdout;
    await ws.until(
      'the scheduled job to complete',
      async () => (JSON.parse(await scheduled()) as { state: string }[]).some((j) => j.state === 'completed'),
      20_000,
    );
    // Both workers look at the schedule several more times within the same minute.
    await new Promise((r) => setTimeout(r, Math.max(0, 4000 - (Date.now() - started))));
    await new Promise((r) => setTimeout(r, 3000));
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code, a.stderr()).toBe(0);
    expect((await b.exited).code, b.stderr()).toBe(0);

    const jobs = JSON.parse(await scheduled()) as { id: string; queue: string; kind: string; state: string }[];
    expect(jobs, `${a.stderr()}\n${b.stderr()}`).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'ping', state: 'completed' });
    expect(jobs[0]?.queue).toMatch(/^schedule\..+\.heartbeat$/);
    const runs = await ws.query<{ job_id: string }>(`select job_id from jobs_runs`);
    expect(runs.map((r) => r.job_id)).toEqual([jobs[0]?.id]);

    const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json', 'schedules,queues']), 0).stdout);
    expect(status.queues.find((q: { queue: string }) => q.queue === 'scheduled').counts.completed).toBe(1);
    expect(status.schedules).toEqual([
      { name: 'heartbeat', queue: 'ping', cron: '* * * * *', timezone: 'UTC', kind: 'ping' },
    ]);
    expectExit(await ws.run(['jobs', 'unschedule', 'heartbeat']), 0);
    expect(JSON.parse(expectExit(await ws.run(['jobs', 'schedules', '--json']), 0).stdout)).toEqual([]);
    const again = await ws.run(['jobs', 'unschedule', 'heartbeat']);
    expect(again.code, describeRun(again)).toBe(4);
    expect(again.stderr).toMatch(/^error: no schedule heartbeat in this organisation/);
  });

  it('refuses bad schedules with one line and changes nothing; a consultant may not schedule', async () => {
    for (const [args, pattern] of [
      [['--cron', '0 7 * *', '--job', 'ping'], /--cron: "0 7 \* \*" must have five fields/],
      [['--cron', '61 7 * * *', '--job', 'ping'], /--cron: "61 7 \* \* \*": /],
      [['--cron', '0 7 * * *', '--job', 'ping', '--tz', 'Mars/Olympus'], /--tz: unknown time zone "Mars\/Olympus"/],
      [['--cron', '0 7 * * *', '--job', 'coffee'], /--job: unknown job "coffee"/],
      [['--cron', '0 7 * * *', '--job', 'report-batch', '--all-final'], /--out-dir: report-batch needs/],
      [['--cron', '0 7 * * *', '--job', 'training-reminders', '--due-soon', '400'], /--due-soon must be/],
    ] as const) {
      const r = await ws.run(['jobs', 'schedule', 'daily', ...args]);
      expect(r.code, describeRun(r)).toBe(3);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(JSON.parse(expectExit(await ws.run(['jobs', 'schedules', '--json']), 0).stdout)).toEqual([]);

    expectExit(
      await ws.run(
        ['user', 'add', '--email', 'carl@acme.test', '--role', 'consultant', '--password-stdin'],
        `${PASSWORD}\n`,
      ),
      0,
    );
    const login = await ws.run(['login', '--email', 'carl@acme.test', '--password-stdin'], `${PASSWORD}\n`);
    expect(login.code, describeRun(login)).toBe(0);
    const refused = await ws.run(['jobs', 'schedule', 'daily', '--cron', '0 7 * * *', '--job', 'ping']);
    expect(refused.code, describeRun(refused)).toBe(7);
    expect(refused.stderr).toMatch(/may not do job.schedule/);
  });
});
