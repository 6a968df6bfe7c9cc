import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: later schema changes go in new migrations, never here.
// On PostgreSQL the queue itself is pg-boss's, in a schema of its own that
// pg-boss creates and migrates when it starts; only the run log and the mail
// deliveries are ours. On SQLite the queue and its schedules are tables here.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await db.schema
      .createTable('jobs_queue')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('retry_limit', 'integer', (c) => c.notNull())
      .addColumn('retry_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('retry_delay', 'integer', (c) => c.notNull())
      .addColumn('lease_seconds', 'integer', (c) => c.notNull())
      .addColumn('singleton_key', 'text')
      .addColumn('start_after', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('output', 'text')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createIndex('jobs_queue_due_idx')
      .on('jobs_queue')
      .columns(['queue', 'state', 'start_after'])
      .execute();
    await db.schema.createIndex('jobs_queue_org_idx').on('jobs_queue').columns(['org_id', 'created_at']).execute();
    // One waiting job per singleton key and queue (pg-boss's "short" policy).
    await db.schema
      .createIndex('jobs_queue_singleton_idx')
      .on('jobs_queue')
      .columns(['queue', 'singleton_key'])
      .unique()
      .where(sql.ref('state'), '=', 'queued')
      .where(sql.ref('singleton_key'), 'is not', null)
      .execute();
    await db.schema
      .createTable('jobs_schedules')
      .addColumn('queue', 'text', (c) => c.primaryKey())
      .addColumn('cron', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('last_run', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  }

  await db.schema
    .createTable('jobs_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('jobs_runs_job_idx').on('jobs_runs').columns(['job_id']).execute();
  await db.schema.createIndex('jobs_runs_started_idx').on('jobs_runs').columns(['started_at']).execute();

  await db.schema
    .createTable('jobs_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('job_id', 'text')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('jobs_deliveries_org_idx')
    .on('jobs_deliveries')
    .columns(['org_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs_deliveries').execute();
  await db.schema.dropTable('jobs_runs').execute();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await db.schema.dropTable('jobs_schedules').execute();
    await db.schema.dropTable('jobs_queue').execute();
  }
}
