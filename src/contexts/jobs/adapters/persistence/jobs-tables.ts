/** The jobs table of the SQLite queue (PostgreSQL's jobs live in pg-boss's own schema). */
export interface JobsQueueTable {
  id: string;
  queue: string;
  state: string;
  org_id: string;
  kind: string;
  data: string;
  priority: number;
  retry_limit: number;
  retry_count: number;
  retry_delay: number;
  lease_seconds: number;
  singleton_key: string | null;
  start_after: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  output: string | null;
  last_error: string | null;
}

/** Cron schedules of the SQLite queue: one per queue, as in pg-boss. */
export interface JobsSchedulesTable {
  queue: string;
  cron: string;
  timezone: string;
  org_id: string;
  data: string;
  /** The last time the schedule queued a job (ISO), or when it was made. */
  last_run: string;
  created_at: string;
}

/** One row per run of a job by a worker, on both dialects. */
export interface JobsRunsTable {
  id: string;
  job_id: string;
  queue: string;
  org_id: string;
  attempt: number;
  worker: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  error: string | null;
}

/** Every message sent (or refused, or deferred) and what the relay said. */
export interface JobsDeliveriesTable {
  id: string;
  org_id: string;
  job_id: string | null;
  template: string;
  recipients: string;
  subject: string;
  status: string;
  response: string;
  message_id: string | null;
  created_at: string;
}

export interface JobsTables {
  jobs_queue: JobsQueueTable;
  jobs_schedules: JobsSchedulesTable;
  jobs_runs: JobsRunsTable;
  jobs_deliveries: JobsDeliveriesTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends JobsTables {}
}
