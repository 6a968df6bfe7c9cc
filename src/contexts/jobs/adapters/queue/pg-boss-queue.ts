import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../../../../persistence/database.js';
import {
  type Enqueued,
  type Job,
  type JobData,
  type JobState,
  type NewJob,
  QUEUE_POLICIES,
  QUEUES,
} from '../../domain/job.js';
import type { JobFilter, JobQueue, QueueCount, Schedule } from '../../application/ports.js';
import { jobOf, toDate, toDateOrNull } from './rows.js';
import { isScheduleQueue, policyQueueOfKind, scheduleNameOf, scheduleQueueName } from '../../domain/schedule.js';

type Executor = Kysely<Database> | Transaction<Database>;
type PgBossClass = typeof PgBoss;

/** pg-boss's states in ours: `created` is what we call queued. */
const STATE_OF: Readonly<Record<string, JobState>> = {
  created: 'queued',
  retry: 'retry',
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};
const PGBOSS_STATE: Readonly<Record<JobState, string>> = {
  queued: 'created',
  retry: 'retry',
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

let bossClass: Promise<PgBossClass> | undefined;
/** pg-boss loads only when a command touches the queue. */
function loadBoss(): Promise<PgBossClass> {
  bossClass ??= import('pg-boss').then((m) => ((m as { default?: PgBossClass }).default ?? m) as PgBossClass);
  return bossClass;
}

/** pg-boss runs its SQL through our connection (and our transaction, when there is one). */
function through(executor: Executor): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * pg-boss's schema for the database's current schema: each schema (each
 * tenant database, each test file) gets a queue of its own.
 */
export async function bossSchemaOf(executor: Executor): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(executor);
  const current = (rows[0]?.schema ?? 'public').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `pgboss_${current}`.slice(0, 63);
}

const ready = new Map<string, Promise<void>>();

/**
 * pg-boss creates and migrates its schema when it starts; then our queues are
 * made if missing (each with its retries, backoff, lease and dead letter).
 * Once per process and schema.
 */
function ensureReady(connectionString: string, schema: string): Promise<void> {
  const key = `${connectionString}\u0000${schema}`;
  let done = ready.get(key);
  if (!done) {
    done = (async () => {
      const Boss = await loadBoss();
      const boss = new Boss({ connectionString, schema, max: 1, supervise: false, schedule: false, migrate: true });
      boss.on('error', () => {});
      await boss.start();
      try {
        for (const name of [QUEUES.dead, ...Object.values(QUEUES).filter((q) => q !== QUEUES.dead)]) {
          if (await boss.getQueue(name)) continue;
          const policy = QUEUE_POLICIES[name];
          await boss
            .createQueue(name, {
              name,
              policy: policy.singleton ? 'short' : 'standard',
              retryLimit: policy.retryLimit,
              retryDelay: policy.retryDelaySeconds,
              retryBackoff: true,
              expireInSeconds: policy.leaseSeconds,
              ...(name === QUEUES.dead ? {} : { deadLetter: QUEUES.dead }),
            })
            .catch(async (error: unknown) => {
              // Another process made it first.
              if (!(await boss.getQueue(name))) throw error;
            });
        }
      } finally {
        await boss.stop({ graceful: false, close: true });
      }
    })();
    done.catch(() => ready.delete(key));
    ready.set(key, done);
  }
  return done;
}

/** Runs `work` on a pg-boss of its own connection, as the URL's user (who owns pg-boss's schema). */
async function withOwnerBoss<T>(connectionString: string, schema: string, work: (boss: PgBoss) => Promise<T>) {
  const Boss = await loadBoss();
  const boss = new Boss({ connectionString, schema, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on('error', () => {});
  await boss.start();
  try {
    return await work(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

function sendOptions(job: NewJob, db: PgBoss.Db): PgBoss.SendOptions {
  const policy = QUEUE_POLICIES[job.queue];
  return {
    db,
    retryLimit: job.retryLimit ?? policy.retryLimit,
    retryDelay: job.retryDelaySeconds ?? policy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: job.leaseSeconds ?? policy.leaseSeconds,
    ...(job.queue === QUEUES.dead ? {} : { deadLetter: QUEUES.dead }),
    ...(policy.singleton && job.singletonKey ? { singletonKey: job.singletonKey } : {}),
    ...(job.startAfter ? { startAfter: job.startAfter } : {}),
  };
}

interface BossRow {
  id: string;
  name: string;
  state: string;
  data: JobData;
  retry_count: number;
  retry_limit: number;
  started_on: Date | string | null;
  singleton_key: string | null;
  expire_seconds: number | string;
  created_on: Date | string;
  start_after: Date | string;
  completed_on: Date | string | null;
  output: unknown;
}

function rowToJob(r: BossRow): Job {
  return jobOf({
    id: r.id,
    queue: r.name,
    state: STATE_OF[r.state] ?? 'queued',
    data: r.data,
    retryCount: Number(r.retry_count),
    retryLimit: Number(r.retry_limit),
    started: r.started_on !== null,
    singletonKey: r.singleton_key,
    leaseSeconds: Number(r.expire_seconds),
    createdAt: toDate(r.created_on),
    startAfter: toDate(r.start_after),
    startedAt: toDateOrNull(r.started_on),
    completedAt: toDateOrNull(r.completed_on),
    output: r.output,
  });
}

/** Queues a job in this executor's transaction (the one that records its audit entry). */
export async function sendPgBossJob(connectionString: string, executor: Executor, job: NewJob): Promise<Enqueued> {
  const schema = await bossSchemaOf(executor);
  const boss = await opsBoss(connectionString, executor);
  const queue = job.into ?? job.queue;
  const id = await boss.send(queue, job.data as unknown as object, sendOptions(job, through(executor)));
  if (id) return { id, created: true };
  // The singleton key is already waiting: hand back that job.
  const { rows } = await sql<{ id: string }>`
    select id from ${sql.table(`${schema}.job`)}
    where name = ${queue} and singleton_key = ${job.singletonKey ?? ''} and state = 'created'
    limit 1`.execute(executor);
  const waiting = rows[0]?.id;
  if (!waiting) throw new Error(`pg-boss did not queue the ${job.queue} job and none is waiting`);
  return { id: waiting, created: false };
}

const opsBosses = new Map<string, PgBoss>();
/** A pg-boss that is never started: each call passes the connection (or transaction) it runs on. */
async function opsBoss(connectionString: string, executor: Executor): Promise<PgBoss> {
  const schema = await bossSchemaOf(executor);
  await ensureReady(connectionString, schema);
  let boss = opsBosses.get(schema);
  if (!boss) {
    const Boss = await loadBoss();
    boss = new Boss({ db: through(executor), schema, supervise: false, schedule: false, migrate: false });
    opsBosses.set(schema, boss);
  }
  return boss;
}

const affected = (r: unknown) => Number((r as { affected?: number } | undefined)?.affected ?? 0);

/** Cancels a job that has not finished, in this executor's transaction. */
export async function cancelPgBossJob(connectionString: string, executor: Executor, job: Job): Promise<boolean> {
  const boss = await opsBoss(connectionString, executor);
  return affected(await boss.cancel(job.queue, job.id, { db: through(executor) })) > 0;
}

/** A failed job gets one more attempt (pg-boss's retry); a cancelled one is resumed. */
export async function retryPgBossJob(connectionString: string, executor: Executor, job: Job): Promise<boolean> {
  const boss = await opsBoss(connectionString, executor);
  const db = through(executor);
  if (job.state === 'cancelled') return affected(await boss.resume(job.queue, job.id, { db })) > 0;
  return affected(await boss.retry(job.queue, job.id, { db })) > 0;
}

/**
 * The PostgreSQL queue: pg-boss in a schema of its own. Commands read and
 * change jobs through our connection; a worker starts pg-boss itself (its
 * maintenance expires jobs whose worker died, and its clock runs the cron
 * schedules) and claims with SKIP LOCKED, so many workers on many machines
 * share one queue.
 */
export async function pgBossQueue(connectionString: string, db: Kysely<Database>): Promise<JobQueue> {
  const schema = await bossSchemaOf(db);
  await ensureReady(connectionString, schema);
  const Boss = await loadBoss();
  /** For commands: never started, its SQL goes through our pool. */
  const ops = new Boss({ db: through(db), schema, supervise: false, schedule: false, migrate: false });
  /** For workers: started, with its own small pool, maintenance and clock. */
  let worker: PgBoss | undefined;
  const job = sql.table(`${schema}.job`);
  const archive = sql.table(`${schema}.archive`);
  const columns = sql`id, name, state::text as state, data, retry_count, retry_limit, started_on, singleton_key,
    extract(epoch from expire_in) as expire_seconds, created_on, start_after, completed_on, output`;
  const both = sql`(select ${columns} from ${job} union all select ${columns} from ${archive})`;

  return {
    engine: 'pg-boss',

    async get(orgId, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const { rows } = await sql<BossRow>`
        select * from ${both} as j where j.id = ${id}::uuid and j.data->'owner'->>'orgId' = ${orgId}
        limit 1`.execute(db);
      return rows[0] ? rowToJob(rows[0]) : null;
    },

    async list(orgId, filter: JobFilter) {
      const { rows } = await sql<BossRow>`
        select * from ${both} as j
        where j.data->'owner'->>'orgId' = ${orgId}
          ${filter.queue ? sql`and j.name = ${filter.queue}` : sql``}
          ${filter.state ? sql`and j.state = ${PGBOSS_STATE[filter.state]}` : sql``}
        order by j.created_on desc, j.id
        limit ${filter.limit ?? 1000}`.execute(db);
      return rows.map(rowToJob);
    },

    async counts(orgId) {
      const { rows } = await sql<{ name: string; state: string; count: string }>`
        select j.name, j.state, count(*) as count from ${both} as j
        where j.data->'owner'->>'orgId' = ${orgId}
        group by j.name, j.state`.execute(db);
      return rows.map((r): QueueCount => ({
        queue: r.name,
        state: STATE_OF[r.state] ?? 'queued',
        count: Number(r.count),
      }));
    },

    async cancel(j) {
      return affected(await ops.cancel(j.queue, j.id)) > 0;
    },

    async retry(j) {
      if (j.state === 'cancelled') return affected(await ops.resume(j.queue, j.id)) > 0;
      return affected(await ops.retry(j.queue, j.id)) > 0;
    },

    async startWorking(options) {
      worker = new Boss({
        connectionString,
        schema,
        max: 3,
        supervise: true,
        schedule: true,
        migrate: true,
        maintenanceIntervalSeconds: options.maintenanceSeconds,
        // How often this worker looks whether a schedule has come round (pg-boss allows 1 to 45 seconds).
        cronMonitorIntervalSeconds: Math.min(45, Math.max(1, options.maintenanceSeconds)),
        cronWorkerIntervalSeconds: Math.min(5, Math.max(1, options.maintenanceSeconds)),
      });
      worker.on('error', () => {});
      await worker.start();
    },

    async fetch(queue, limit) {
      const boss = worker ?? ops;
      const jobs = await boss.fetch<JobData>(queue, { batchSize: limit, includeMetadata: true });
      return jobs.map((j) =>
        jobOf({
          id: j.id,
          queue: j.name,
          state: STATE_OF[j.state] ?? 'active',
          data: j.data,
          retryCount: j.retryCount,
          retryLimit: j.retryLimit,
          started: true,
          singletonKey: j.singletonKey,
          leaseSeconds: Number(j.expireInSeconds),
          createdAt: toDate(j.createdOn),
          startAfter: toDate(j.startAfter),
          startedAt: toDateOrNull(j.startedOn),
          completedAt: null,
          output: j.output ?? null,
        }),
      );
    },

    async complete(j, output) {
      await (worker ?? ops).complete(j.queue, j.id, (output ?? {}) as object);
    },

    async fail(j, error) {
      await (worker ?? ops).fail(j.queue, j.id, { message: error });
    },

    async schedule(s: Schedule) {
      const policy = QUEUE_POLICIES[s.queue];
      const options = {
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: policy.leaseSeconds,
        deadLetter: QUEUES.dead,
      };
      // pg-boss keeps one schedule per queue: each schedule has a queue of its own, with its kind's policy.
      // A new queue is a new table in pg-boss's schema, so it is made on the owner's connection (the
      // application's role may use that schema's tables but create none there).
      await withOwnerBoss(connectionString, schema, async (owner) => {
        if (await owner.getQueue(s.scheduleQueue))
          await owner.updateQueue(s.scheduleQueue, { name: s.scheduleQueue, ...options });
        else {
          await owner
            .createQueue(s.scheduleQueue, { name: s.scheduleQueue, policy: 'standard', ...options })
            .catch(async (error: unknown) => {
              if (!(await owner.getQueue(s.scheduleQueue))) throw error;
            });
        }
      });
      const data: JobData = { owner: s.owner, kind: s.kind, input: s.input };
      await ops.schedule(s.scheduleQueue, s.cron, data as unknown as object, { tz: s.timezone });
    },

    async unschedule(orgId, name) {
      const scheduleQueue = scheduleQueueName(orgId, name);
      const had = (await ops.getSchedules()).some(
        (s) => s.name === scheduleQueue && (s.data as unknown as JobData | undefined)?.owner?.orgId === orgId,
      );
      // The queue stays: the jobs the schedule queued are still listed.
      if (had) await ops.unschedule(scheduleQueue);
      return had;
    },

    async schedules(orgId) {
      return (await ops.getSchedules())
        .filter((s) => isScheduleQueue(s.name))
        .filter((s) => orgId === null || (s.data as unknown as JobData | undefined)?.owner?.orgId === orgId)
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
        .map((s): Schedule => {
          const data = s.data as unknown as JobData;
          return {
            name: scheduleNameOf(s.name),
            scheduleQueue: s.name,
            queue: policyQueueOfKind(data.kind),
            cron: s.cron,
            timezone: (s as { timezone?: string }).timezone ?? (s.options as { tz?: string } | undefined)?.tz ?? 'UTC',
            owner: data.owner,
            kind: data.kind,
            input: data.input,
          };
        });
    },

    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.stop({ graceful: false, close: true, wait: true });
    },
  };
}
