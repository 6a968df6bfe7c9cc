import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { JobQueue } from '../../../src/contexts/jobs/application/ports.js';
import { pgBossQueue, sendPgBossJob } from '../../../src/contexts/jobs/adapters/queue/pg-boss-queue.js';
import { insertSqliteJob, sqliteQueue } from '../../../src/contexts/jobs/adapters/queue/sqlite-queue.js';
import type { Enqueued, JobOwner, NewJob } from '../../../src/contexts/jobs/domain/job.js';
import { scheduleQueueName } from '../../../src/contexts/jobs/domain/schedule.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, TestClock, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const ownerOf = (p: Principal): JobOwner => ({
  orgId: p.org?.id as string,
  orgSlug: p.org?.slug as string,
  actor: { type: 'user', id: p.actor.id, label: 'ana@acme.test' },
});

/**
 * The queue port's contract, on both adapters against real databases: claims
 * go to one worker each, failures retry with backoff then fail and
 * dead-letter, singleton keys, cancel and retry, organisations apart.
 */
describe.each(DIALECTS)('the job queue on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: JobOwner;
  let queue: JobQueue;
  let send: (job: NewJob) => Promise<Enqueued>;

  beforeEach(async () => {
    database = await dialect.fresh();
    clock = new TestClock(new Date().toISOString());
    ({ app } = await testApp(database, clock));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = ownerOf(await app.auth.authenticate({ sessionSecret: init.session.token }));
    const db = app.handle.db;
    if (dialect.name === 'postgres') {
      queue = await pgBossQueue(database.url, db);
      send = (job) => sendPgBossJob(database.url, db, job);
    } else {
      queue = sqliteQueue(db, clock, () => 0);
      send = (job) => insertSqliteJob(db, clock, job);
    }
  });
  afterEach(async () => {
    await queue.close();
    if (dialect.name === 'postgres') {
      await app.handle.db.schema.dropSchema(bossSchema()).ifExists().cascade().execute();
    }
    await app.close();
    await database.drop();
  });

  const bossSchema = () => `pgboss_${/search_path=([a-z0-9_]+)/.exec(decodeURIComponent(database.url))?.[1]}`;

  const ping = (extra: Partial<NewJob> = {}): NewJob => ({
    queue: 'ping',
    data: { owner, kind: 'ping', input: {} },
    ...extra,
  });

  it('gives each due job to one claim only', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await send(ping())).id);
    const first = await queue.fetch('ping', 2);
    const second = await queue.fetch('ping', 2);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect([...first, ...second].map((j) => j.id).sort()).toEqual([...ids].sort());
    expect(await queue.fetch('ping', 2)).toEqual([]);
    expect(first.every((j) => j.state === 'active' && j.attempts === 1)).toBe(true);
    await queue.complete(first[0]!, { ok: 1 });
    const done = await queue.get(owner.orgId, first[0]!.id);
    expect(done?.state).toBe('completed');
    expect(done?.output).toEqual({ ok: 1 });
  });

  it('retries a failed run after a backoff, then fails it for good and copies it to the dead-letter queue', async () => {
    const { id } = await send(ping({ retryLimit: 1, retryDelaySeconds: 1 }));
    const [run1] = await queue.fetch('ping', 1);
    await queue.fail(run1!, 'boom');
    const retrying = await queue.get(owner.orgId, id);
    expect(retrying?.state).toBe('retry');
    expect(retrying?.lastError).toBe('boom');
    expect(retrying?.attempts).toBe(1);
    expect(retrying!.startAfter.getTime()).toBeGreaterThan(run1!.startedAt!.getTime());
    expect(await queue.fetch('ping', 1)).toEqual([]); // not before the backoff
    clock.advanceMinutes(1);
    if (dialect.name === 'postgres') {
      // pg-boss keeps time by the server's clock: bring the retry forward rather than wait.
      await sql`update ${sql.table(`${bossSchema()}.job`)} set start_after = now() - interval '1 second'
        where id = ${id}::uuid`.execute(app.handle.db);
    }
    const [run2] = await queue.fetch('ping', 1);
    expect(run2?.id).toBe(id);
    expect(run2?.attempts).toBe(2);
    await queue.fail(run2!, 'boom again');
    const failed = await queue.get(owner.orgId, id);
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError).toBe('boom again');
    const dead = await queue.list(owner.orgId, { queue: 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]?.data.kind).toBe('ping');

    // A person queues it again: one more attempt.
    expect(await queue.retry(failed!)).toBe(true);
    expect((await queue.get(owner.orgId, id))?.state).toBe('retry');
  });

  it('queues a singleton key once while it waits', async () => {
    const report = (key: string): NewJob => ({
      queue: 'reports',
      data: { owner, kind: 'report.generate', input: { key } },
      singletonKey: key,
    });
    const a = await send(report('k1'));
    const again = await send(report('k1'));
    const other = await send(report('k2'));
    expect(a.created).toBe(true);
    expect(again).toEqual({ id: a.id, created: false });
    expect(other.created).toBe(true);
    await queue.fetch('reports', 10);
    // Once it runs, the same report may be queued again.
    expect((await send(report('k1'))).created).toBe(true);
  });

  it('cancels a waiting job and queues a cancelled one again; other organisations do not see it', async () => {
    const { id } = await send(ping());
    const job = await queue.get(owner.orgId, id);
    expect(await queue.cancel(job!)).toBe(true);
    expect(await queue.fetch('ping', 1)).toEqual([]);
    const cancelled = await queue.get(owner.orgId, id);
    expect(cancelled?.state).toBe('cancelled');
    expect(await queue.cancel(cancelled!)).toBe(false);
    expect(await queue.retry(cancelled!)).toBe(true);
    expect((await queue.get(owner.orgId, id))?.state).toBe('queued');
    expect(await queue.get('some-other-org', id)).toBeNull();
    expect(await queue.list('some-other-org', {})).toEqual([]);
    const counts = await queue.counts(owner.orgId);
    expect(counts).toEqual([{ queue: 'ping', state: 'queued', count: 1 }]);
  });

  it('keeps named schedules of each organisation, with their owner; the same name changes one', async () => {
    const schedule = {
      name: 'daily',
      scheduleQueue: scheduleQueueName(owner.orgId, 'daily'),
      queue: 'ping' as const,
      cron: '0 7 * * 1-5',
      timezone: 'Europe/Madrid',
      owner,
      kind: 'ping',
      input: {},
    };
    await queue.schedule(schedule);
    await queue.schedule({ ...schedule, cron: '30 6 * * 1-5' });
    await queue.schedule({
      ...schedule,
      name: 'weekly',
      scheduleQueue: scheduleQueueName(owner.orgId, 'weekly'),
      cron: '0 6 * * 1',
      timezone: 'UTC',
    });
    const listed = await queue.schedules(owner.orgId);
    expect(listed.map((s) => [s.name, s.queue, s.cron, s.timezone, s.kind])).toEqual([
      ['daily', 'ping', '30 6 * * 1-5', 'Europe/Madrid', 'ping'],
      ['weekly', 'ping', '0 6 * * 1', 'UTC', 'ping'],
    ]);
    expect(listed[0]?.owner).toEqual(owner);
    expect(await queue.schedules('some-other-org')).toEqual([]);
    expect((await queue.schedules(null)).map((s) => s.name)).toEqual(['daily', 'weekly']);
    expect(await queue.unschedule('some-other-org', 'daily')).toBe(false);
    expect(await queue.unschedule(owner.orgId, 'daily')).toBe(true);
    expect(await queue.unschedule(owner.orgId, 'daily')).toBe(false);
    expect((await queue.schedules(owner.orgId)).map((s) => s.name)).toEqual(['weekly']);
  });
});

describe('the SQLite queue on its own clock', () => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: JobOwner;
  let queue: JobQueue;

  beforeEach(async () => {
    database = await DIALECTS[0]!.fresh();
    clock = new TestClock('2026-03-02T08:00:00.000Z');
    ({ app } = await testApp(database, clock));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = ownerOf(await app.auth.authenticate({ sessionSecret: init.session.token }));
    queue = sqliteQueue(app.handle.db, clock, () => 0);
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  const send = (extra: Partial<NewJob> = {}) =>
    insertSqliteJob(app.handle.db, clock, { queue: 'ping', data: { owner, kind: 'ping', input: {} }, ...extra });

  it('doubles the backoff on each retry', async () => {
    const { id } = await send({ retryLimit: 3, retryDelaySeconds: 10 });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [job] = await queue.fetch('ping', 1);
      const at = clock.now().getTime();
      await queue.fail(job!, `failure ${i + 1}`);
      waits.push(((await queue.get(owner.orgId, id))!.startAfter.getTime() - at) / 1000);
      clock.advanceMinutes(10);
    }
    expect(waits).toEqual([10, 20, 40]);
  });

  it('takes back a job whose worker died once its lease runs out', async () => {
    const { id } = await send({ leaseSeconds: 120 });
    const [held] = await queue.fetch('ping', 1);
    expect(held?.id).toBe(id);
    clock.advanceMinutes(1);
    expect(await queue.fetch('ping', 1)).toEqual([]); // still leased
    clock.advanceMinutes(1.1);
    expect(await queue.fetch('ping', 1)).toEqual([]); // lease ran out: retry, after its backoff
    const back = await queue.get(owner.orgId, id);
    expect(back?.state).toBe('retry');
    expect(back?.lastError).toMatch(/lease of 120s ran out/);
    clock.advanceMinutes(1);
    const [again] = await queue.fetch('ping', 1);
    expect(again?.id).toBe(id);
    expect(again?.attempts).toBe(2);
  });

  const scheduled = async (name: string) =>
    (await queue.list(owner.orgId, { limit: 1000 })).filter((j) => j.queue === scheduleQueueName(owner.orgId, name));

  it('fires a schedule once per slot with two workers on two connections, skipping a slot no worker saw', async () => {
    clock.advanceMinutes(0.5); // 08:00:30
    const second = await testApp(database, clock, 'current');
    const other = sqliteQueue(second.app.handle.db, clock, () => 0);
    try {
      await queue.schedule({
        name: 'quarterly',
        scheduleQueue: scheduleQueueName(owner.orgId, 'quarterly'),
        queue: 'ping',
        cron: '*/15 * * * *',
        timezone: 'UTC',
        owner,
        kind: 'ping',
        input: { n: 1 },
      });
      await queue.startWorking({ maintenanceSeconds: 1 });
      await other.startWorking({ maintenanceSeconds: 1 });
      const bothLook = async () => {
        await queue.fetch('ping', 5);
        await other.fetch('ping', 5);
        clock.advanceMinutes(2 / 60);
        await other.fetch('ping', 5);
        await queue.fetch('ping', 5);
      };
      // 08:00's slot came 30 s ago (pg-boss fires a slot for a minute after it): once, not twice.
      await bothLook();
      expect(await scheduled('quarterly')).toHaveLength(1);
      clock.advanceMinutes(0.5);
      await bothLook();
      expect(await scheduled('quarterly')).toHaveLength(1);
      clock.advanceMinutes(14); // 08:15:04
      await bothLook();
      const jobs = await scheduled('quarterly');
      expect(jobs).toHaveLength(2);
      expect(jobs.every((j) => j.data.kind === 'ping' && (j.data.input as { n: number }).n === 1)).toBe(true);
      expect(jobs[0]?.retryLimit).toBe(2); // the ping queue's policy
      // The schedule's own queue is worked like any other: one claim gets each job.
      const claimed = [
        ...(await queue.fetch(scheduleQueueName(owner.orgId, 'quarterly'), 5)),
        ...(await other.fetch(scheduleQueueName(owner.orgId, 'quarterly'), 5)),
      ];
      expect(claimed.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort());
      // No worker looked between 08:30 and 08:31: that slot is skipped, not made up at 08:31:06.
      clock.advanceMinutes(16);
      await bothLook();
      expect(await scheduled('quarterly')).toHaveLength(2);
      clock.advanceMinutes(14); // 08:45:08
      await bothLook();
      expect(await scheduled('quarterly')).toHaveLength(3);
      expect(await queue.unschedule(owner.orgId, 'quarterly')).toBe(true);
      clock.advanceMinutes(15);
      await bothLook();
      expect(await scheduled('quarterly')).toHaveLength(3);
    } finally {
      await second.app.close();
    }
  });

  it('reads the cron in its time zone', async () => {
    await queue.schedule({
      name: 'madrid',
      scheduleQueue: scheduleQueueName(owner.orgId, 'madrid'),
      queue: 'ping',
      cron: '0 9 * * *',
      timezone: 'Europe/Madrid',
      owner,
      kind: 'ping',
      input: {},
    });
    await queue.startWorking({ maintenanceSeconds: 1 });
    // 08:00:20 UTC is 09:00:20 in Madrid (CET, UTC+1).
    clock.advanceMinutes(1 / 3);
    await queue.fetch('ping', 1);
    expect(await scheduled('madrid')).toHaveLength(1);
    // 09:00:20 UTC is not.
    clock.advanceMinutes(60);
    await queue.fetch('ping', 1);
    expect(await scheduled('madrid')).toHaveLength(1);
  });
});
