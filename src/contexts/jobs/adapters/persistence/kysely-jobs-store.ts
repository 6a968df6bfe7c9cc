import type { Kysely, Transaction } from 'kysely';
import type { StoreShared } from '../../../../module.js';
import type { Database } from '../../../../persistence/database.js';
import type { DeliveryStatus } from '../../domain/mail.js';
import type { Delivery, DeliveryLog, JobRun, JobsStore, RunLog } from '../../application/ports.js';
import { cancelSqliteJob, insertSqliteJob, retrySqliteJob } from '../queue/sqlite-queue.js';
import { cancelPgBossJob, retryPgBossJob, sendPgBossJob } from '../queue/pg-boss-queue.js';

type Executor = Kysely<Database> | Transaction<Database>;

function runLog(db: Executor): RunLog {
  return {
    async start(run) {
      await db
        .insertInto('jobs_runs')
        .values({
          id: run.id,
          job_id: run.jobId,
          queue: run.queue,
          org_id: run.orgId,
          attempt: run.attempt,
          worker: run.worker,
          started_at: run.startedAt.toISOString(),
          finished_at: run.finishedAt?.toISOString() ?? null,
          outcome: run.outcome,
          error: run.error,
        })
        .execute();
    },
    async finish(id, at, outcome, error) {
      await db
        .updateTable('jobs_runs')
        .set({ finished_at: at.toISOString(), outcome, error })
        .where('id', '=', id)
        .execute();
    },
    async ofJob(orgId, jobId) {
      const rows = await db
        .selectFrom('jobs_runs')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('job_id', '=', jobId)
        .orderBy('started_at')
        .orderBy('attempt')
        .execute();
      return rows.map((r): JobRun => ({
        id: r.id,
        jobId: r.job_id,
        queue: r.queue,
        orgId: r.org_id,
        attempt: r.attempt,
        worker: r.worker,
        startedAt: new Date(r.started_at),
        finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
        outcome: r.outcome as JobRun['outcome'],
        error: r.error,
      }));
    },
    async workers(since) {
      const rows = await db
        .selectFrom('jobs_runs')
        .select(['worker', (eb) => eb.fn.max('started_at').as('last'), (eb) => eb.fn.countAll<number>().as('runs')])
        .where('started_at', '>=', since.toISOString())
        .groupBy('worker')
        .orderBy('worker')
        .execute();
      return rows.map((r) => ({ worker: r.worker, lastSeen: new Date(String(r.last)), runs: Number(r.runs) }));
    },
  };
}

function deliveryLog(db: Executor): DeliveryLog {
  return {
    async record(d) {
      await db
        .insertInto('jobs_deliveries')
        .values({
          id: d.id,
          org_id: d.orgId,
          job_id: d.jobId,
          template: d.template,
          recipients: d.to.join(', '),
          subject: d.subject,
          status: d.status,
          response: d.response,
          message_id: d.messageId,
          created_at: d.createdAt.toISOString(),
        })
        .execute();
    },
    async ofOrg(orgId, limit) {
      const rows = await db
        .selectFrom('jobs_deliveries')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r): Delivery => ({
        id: r.id,
        orgId: r.org_id,
        jobId: r.job_id,
        template: r.template,
        to: r.recipients.split(', '),
        subject: r.subject,
        status: r.status as DeliveryStatus,
        response: r.response,
        messageId: r.message_id,
        createdAt: new Date(r.created_at),
      }));
    },
    async counts(orgId) {
      const rows = await db
        .selectFrom('jobs_deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('org_id', '=', orgId)
        .groupBy('status')
        .execute();
      const counts: Record<DeliveryStatus, number> = { accepted: 0, rejected: 0, deferred: 0 };
      for (const r of rows) counts[r.status as DeliveryStatus] = Number(r.count);
      return counts;
    },
  };
}

/** The jobs context's stores over the database or one transaction. */
export function kyselyJobsStore(executor: Executor, shared: StoreShared): JobsStore {
  const target = (shared.options as { target?: { dialect: string; connectionString?: string } }).target;
  const pg = shared.capabilities.name === 'postgres';
  const url = target?.connectionString as string;
  return {
    enqueue: (job) => (pg ? sendPgBossJob(url, executor, job) : insertSqliteJob(executor, shared.clock, job)),
    cancel: (job) => (pg ? cancelPgBossJob(url, executor, job) : cancelSqliteJob(executor, shared.clock, job)),
    retry: (job) => (pg ? retryPgBossJob(url, executor, job) : retrySqliteJob(executor, shared.clock, job)),
    runs: runLog(executor),
    deliveries: deliveryLog(executor),
  };
}
