import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../../../kernel/clock.js';
import type { Database } from '../../../../persistence/database.js';
import {
  type Enqueued,
  type Job,
  type JobData,
  type JobState,
  type NewJob,
  QUEUE_POLICIES,
  QUEUES,
  type QueueName,
  retryDelaySeconds,
} from '../../domain/job.js';
import type { JobFilter, JobQueue, QueueCount, Schedule, WorkingOptions } from '../../application/ports.js';
import type { JobsQueueTable, JobsSchedulesTable } from '../persistence/jobs-tables.js';
import { dueSlot, scheduleQueueName } from '../../domain/schedule.js';
import { jobOf, parseJson } from './rows.js';

type Executor = Kysely<Database> | Transaction<Database>;

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

function rowToJob(r: JobsQueueTable): Job {
  const job = jobOf({
    id: r.id,
    queue: r.queue,
    state: r.state as JobState,
    data: parseJson(r.data) as JobData,
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    started: r.started_at !== null,
    singletonKey: r.singleton_key,
    leaseSeconds: r.lease_seconds,
    createdAt: new Date(r.created_at),
    startAfter: new Date(r.start_after),
    startedAt: r.started_at === null ? null : new Date(r.started_at),
    completedAt: r.completed_at === null ? null : new Date(r.completed_at),
    output: parseJson(r.output),
  });
  return { ...job, lastError: r.state === 'completed' ? null : r.last_error };
}

/**
 * Inserts a job with this executor (inside the caller's transaction when it
 * is one). A singleton key already waiting in the queue gives that job back.
 */
export async function insertSqliteJob(executor: Executor, clock: Clock, job: NewJob): Promise<Enqueued> {
  const policy = QUEUE_POLICIES[job.queue];
  const queue = job.into ?? job.queue;
  const key = policy.singleton ? (job.singletonKey ?? null) : null;
  if (key !== null) {
    const waiting = await executor
      .selectFrom('jobs_queue')
      .select('id')
      .where('queue', '=', queue)
      .where('singleton_key', '=', key)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    if (waiting) return { id: waiting.id, created: false };
  }
  const now = clock.now();
  const id = randomUUID();
  await executor
    .insertInto('jobs_queue')
    .values({
      id,
      queue,
      state: 'queued',
      org_id: job.data.owner.orgId,
      kind: job.data.kind,
      data: JSON.stringify(job.data),
      priority: 0,
      retry_limit: job.retryLimit ?? policy.retryLimit,
      retry_count: 0,
      retry_delay: job.retryDelaySeconds ?? policy.retryDelaySeconds,
      lease_seconds: job.leaseSeconds ?? policy.leaseSeconds,
      singleton_key: key,
      start_after: iso(job.startAfter ?? now),
      created_at: iso(now),
      started_at: null,
      completed_at: null,
      output: null,
      last_error: null,
    })
    .execute();
  return { id, created: true };
}

/** Cancels a job that has not finished, with this executor (inside the caller's transaction when it is one). */
export async function cancelSqliteJob(executor: Executor, clock: Clock, job: Job): Promise<boolean> {
  const r = await executor
    .updateTable('jobs_queue')
    .set({ state: 'cancelled', completed_at: iso(clock.now()) })
    .where('id', '=', job.id)
    .where('state', 'in', ['queued', 'retry', 'active'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A failed job gets one more attempt; a cancelled one is queued again. */
export async function retrySqliteJob(executor: Executor, clock: Clock, job: Job): Promise<boolean> {
  const now = iso(clock.now());
  const failed = await executor
    .updateTable('jobs_queue')
    .set((eb) => ({ state: 'retry', start_after: now, retry_limit: eb('retry_limit', '+', 1) }))
    .where('id', '=', job.id)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  if (Number(failed.numUpdatedRows) === 1) return true;
  const cancelled = await executor
    .updateTable('jobs_queue')
    .set({ state: 'queued', completed_at: null, start_after: now })
    .where('id', '=', job.id)
    .where('state', '=', 'cancelled')
    .executeTakeFirst();
  return Number(cancelled.numUpdatedRows) === 1;
}

/** A schedule as the SQLite queue keeps it: its name, the queue whose policy its jobs follow, and their data. */
interface StoredSchedule {
  readonly name: string;
  readonly queue: QueueName;
  readonly job: JobData;
}

/** `last_run` of a schedule that has not fired yet. */
const NEVER = '1970-01-01T00:00:00.000Z';

function lastFiredOf(value: string): Date | null {
  return value === NEVER ? null : new Date(value);
}

function storedSchedule(row: JobsSchedulesTable): StoredSchedule {
  const parsed = parseJson(row.data) as Partial<StoredSchedule> & Partial<JobData>;
  if (parsed.job) return parsed as StoredSchedule;
  // A schedule kept as bare job data, on a work queue of its own name.
  return { name: row.queue, queue: row.queue as QueueName, job: parsed as JobData };
}

/**
 * The SQLite queue: one machine, several worker processes on one file. Every
 * claim runs in a write transaction (the connection begins them IMMEDIATE), so
 * two workers never take the same job; a job whose worker died is taken back
 * when its lease runs out, by the next worker that claims.
 */
export function sqliteQueue(db: Kysely<Database>, clock: Clock, random: () => number = Math.random): JobQueue {
  let working: WorkingOptions | undefined;
  let lastTick = 0;

  /** Active jobs past their lease go back to retry (or fail, and are dead-lettered). */
  async function expireLeases(tx: Executor, now: Date): Promise<void> {
    const expired = await tx
      .selectFrom('jobs_queue')
      .selectAll()
      .where('state', '=', 'active')
      .where('started_at', 'is not', null)
      .execute();
    for (const row of expired) {
      if (plus(new Date(row.started_at as string), row.lease_seconds) > now) continue;
      await failRow(tx, row, `the lease of ${row.lease_seconds}s ran out (its worker stopped or hung)`, now);
    }
  }

  async function failRow(tx: Executor, row: JobsQueueTable, error: string, now: Date): Promise<void> {
    if (row.retry_count < row.retry_limit) {
      const delay = retryDelaySeconds(row.retry_delay, row.retry_count, random());
      await tx
        .updateTable('jobs_queue')
        .set({ state: 'retry', start_after: iso(plus(now, delay)), last_error: error })
        .where('id', '=', row.id)
        .where('state', '=', 'active')
        .execute();
      return;
    }
    await tx
      .updateTable('jobs_queue')
      .set({ state: 'failed', completed_at: iso(now), last_error: error })
      .where('id', '=', row.id)
      .where('state', '=', 'active')
      .execute();
    if (row.queue !== QUEUES.dead) {
      await insertSqliteJob(tx, clock, {
        queue: QUEUES.dead,
        data: parseJson(row.data) as JobData,
      });
    }
  }

  /**
   * Queues the job of every schedule whose slot has come (pg-boss's rule: its
   * last occurrence, if less than a minute ago, and not fired yet). Runs in
   * the claim's write transaction, so two workers never fire one slot twice.
   */
  async function runSchedules(tx: Executor, now: Date): Promise<void> {
    const rows = await tx.selectFrom('jobs_schedules').selectAll().execute();
    if (rows.length === 0) return;
    // Loaded only when there are schedules: the parser (and its date library) is ~100 KB.
    const { CronExpressionParser } = await import('./cron.js');
    for (const row of rows) {
      const previous = CronExpressionParser.parse(row.cron, {
        currentDate: new Date(now.getTime() + 1),
        tz: row.timezone,
      }).prev();
      const slot = dueSlot(new Date(previous.getTime()), now, lastFiredOf(row.last_run));
      if (slot === null) continue;
      const stored = storedSchedule(row);
      await insertSqliteJob(tx, clock, { queue: stored.queue, into: row.queue, data: stored.job });
      await tx
        .updateTable('jobs_schedules')
        .set({ last_run: iso(slot) })
        .where('queue', '=', row.queue)
        .execute();
    }
  }

  return {
    engine: 'sqlite',

    async get(orgId, id) {
      const row = await db
        .selectFrom('jobs_queue')
        .selectAll()
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row ? rowToJob(row) : null;
    },

    async list(orgId, filter: JobFilter) {
      let q = db.selectFrom('jobs_queue').selectAll().where('org_id', '=', orgId);
      if (filter.queue) q = q.where('queue', '=', filter.queue);
      if (filter.state) q = q.where('state', '=', filter.state);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map(rowToJob);
    },

    async counts(orgId) {
      const rows = await db
        .selectFrom('jobs_queue')
        .select(['queue', 'state', (eb) => eb.fn.countAll<number>().as('count')])
        .where('org_id', '=', orgId)
        .groupBy(['queue', 'state'])
        .execute();
      return rows.map((r): QueueCount => ({ queue: r.queue, state: r.state as JobState, count: Number(r.count) }));
    },

    cancel: (job) => cancelSqliteJob(db, clock, job),
    retry: (job) => db.transaction().execute((tx) => retrySqliteJob(tx, clock, job)),

    async startWorking(options) {
      working = options;
    },

    async fetch(queue, limit) {
      return db.transaction().execute(async (tx) => {
        const now = clock.now();
        if (working && now.getTime() - lastTick >= working.maintenanceSeconds * 1000) {
          lastTick = now.getTime();
          await runSchedules(tx, now);
        }
        // Leases are checked on every claim: cheap on SQLite, and a dead worker's job comes back promptly.
        await expireLeases(tx, now);
        const due = await tx
          .selectFrom('jobs_queue')
          .select('id')
          .where('queue', '=', queue)
          .where('state', 'in', ['queued', 'retry'])
          .where('start_after', '<=', iso(now))
          .orderBy('priority', 'desc')
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .execute();
        if (due.length === 0) return [];
        const ids = due.map((d) => d.id);
        await tx
          .updateTable('jobs_queue')
          .set((eb) => ({
            state: 'active',
            started_at: iso(now),
            retry_count: eb
              .case()
              .when('started_at', 'is not', null)
              .then(eb('retry_count', '+', 1))
              .else(eb.ref('retry_count'))
              .end(),
          }))
          .where('id', 'in', ids)
          .execute();
        const rows = await tx.selectFrom('jobs_queue').selectAll().where('id', 'in', ids).execute();
        return rows.map(rowToJob);
      });
    },

    async complete(job, output) {
      await db
        .updateTable('jobs_queue')
        .set({
          state: 'completed',
          completed_at: iso(clock.now()),
          output: output === undefined ? null : JSON.stringify(output),
        })
        .where('id', '=', job.id)
        .where('state', '=', 'active')
        .execute();
    },

    async fail(job, error) {
      await db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('jobs_queue').selectAll().where('id', '=', job.id).executeTakeFirst();
        if (row && row.state === 'active') await failRow(tx, row, error, clock.now());
      });
    },

    async schedule(s: Schedule) {
      const now = iso(clock.now());
      const data = JSON.stringify({
        name: s.name,
        queue: s.queue,
        job: { owner: s.owner, kind: s.kind, input: s.input } satisfies JobData,
      } satisfies StoredSchedule);
      await db
        .insertInto('jobs_schedules')
        .values({
          queue: s.scheduleQueue,
          cron: s.cron,
          timezone: s.timezone,
          org_id: s.owner.orgId,
          data,
          last_run: NEVER,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.column('queue').doUpdateSet({ cron: s.cron, timezone: s.timezone, org_id: s.owner.orgId, data }),
        )
        .execute();
    },

    async unschedule(orgId, name) {
      const r = await db
        .deleteFrom('jobs_schedules')
        .where('queue', '=', scheduleQueueName(orgId, name))
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async schedules(orgId) {
      let q = db.selectFrom('jobs_schedules').selectAll();
      if (orgId !== null) q = q.where('org_id', '=', orgId);
      const rows = await q.orderBy('queue').execute();
      return rows.map((r): Schedule => {
        const stored = storedSchedule(r);
        return {
          name: stored.name,
          scheduleQueue: r.queue,
          queue: stored.queue,
          cron: r.cron,
          timezone: r.timezone,
          owner: stored.job.owner,
          kind: stored.job.kind,
          input: stored.job.input,
        };
      });
    },

    async close() {},
  };
}
