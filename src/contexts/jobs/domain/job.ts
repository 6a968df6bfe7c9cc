/**
 * A piece of background work: what it is (its queue and data), whose it is
 * (organisation and actor: the worker runs it with exactly their rights), and
 * where it stands. Both queue adapters (pg-boss on PostgreSQL, a jobs table on
 * SQLite) keep the same states:
 *
 *   queued -> active -> completed
 *                    -> retry (after a backoff) -> active ...
 *                    -> failed (retries used up; copied to the dead-letter queue)
 *   queued | retry | active -> cancelled
 */
export const JOB_STATES = ['queued', 'retry', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States from which a job will still run. */
export const PENDING_STATES: readonly JobState[] = ['queued', 'retry', 'active'];
export const FINISHED_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** The queues renfe works; `renfe worker --queues` picks among them. */
export const QUEUES = {
  /** Report generation (one report per job; `report batch` queues one per assessment). */
  reports: 'reports',
  /** Email delivery (report ready, test messages). */
  email: 'email',
  /** No-op jobs for checking workers (`renfe jobs ping`). */
  ping: 'ping',
  /** Where a job lands once its retries are used up. */
  dead: 'dead',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The queues a worker takes work from (the dead-letter queue is only looked at). */
export const WORK_QUEUES: readonly QueueName[] = [QUEUES.reports, QUEUES.email, QUEUES.ping];

export function isWorkQueue(name: string): name is QueueName {
  return (WORK_QUEUES as readonly string[]).includes(name);
}

/** What a queue does with its jobs by default. */
export interface QueuePolicy {
  readonly retryLimit: number;
  /** Seconds before the first retry; doubled on each further one (with jitter). */
  readonly retryDelaySeconds: number;
  /** How long a worker may hold a job before it is taken to have died (the lease). */
  readonly leaseSeconds: number;
  /** One waiting job per singleton key: the same report is not queued twice. */
  readonly singleton: boolean;
}

export const QUEUE_POLICIES: Readonly<Record<QueueName, QueuePolicy>> = {
  reports: { retryLimit: 3, retryDelaySeconds: 10, leaseSeconds: 15 * 60, singleton: true },
  email: { retryLimit: 5, retryDelaySeconds: 30, leaseSeconds: 5 * 60, singleton: false },
  ping: { retryLimit: 2, retryDelaySeconds: 1, leaseSeconds: 60, singleton: false },
  dead: { retryLimit: 0, retryDelaySeconds: 0, leaseSeconds: 60, singleton: false },
};

/** Who queued a job: the worker re-authenticates exactly this principal. */
export interface JobOwner {
  readonly orgId: string;
  readonly orgSlug: string;
  readonly actor: { readonly type: 'user' | 'token'; readonly id: string; readonly label: string };
}

/** The data every job carries: its owner, its kind and the kind's input. */
export interface JobData<Input = unknown> {
  readonly owner: JobOwner;
  readonly kind: string;
  readonly input: Input;
}

export interface NewJob {
  /** The queue whose policy the job follows, and where it goes unless `into` says otherwise. */
  readonly queue: QueueName;
  /** Another queue to put it in (a schedule's own), under `queue`'s policy. */
  readonly into?: string | undefined;
  readonly data: JobData;
  readonly singletonKey?: string | undefined;
  /** Overrides the queue's lease (seconds). */
  readonly leaseSeconds?: number | undefined;
  readonly retryLimit?: number | undefined;
  readonly retryDelaySeconds?: number | undefined;
  /** Not before this time. */
  readonly startAfter?: Date | undefined;
}

/** A job as stored, as both adapters report it. */
export interface Job {
  readonly id: string;
  readonly queue: string;
  readonly state: JobState;
  readonly data: JobData;
  /** Runs started so far (a retry counts one more). */
  readonly attempts: number;
  readonly retryLimit: number;
  readonly singletonKey: string | null;
  readonly leaseSeconds: number;
  readonly createdAt: Date;
  readonly startAfter: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  /** What the job returned (completed) or its last error (retry, failed). */
  readonly output: unknown;
  readonly lastError: string | null;
}

/** The result of queuing: a singleton key already waiting gives that job back. */
export interface Enqueued {
  readonly id: string;
  readonly created: boolean;
}

/**
 * Seconds before retry number `retryCount + 1`: the base delay doubled per
 * retry already made, times 1 to 2 (jitter, so that failed jobs do not all come
 * back at once). pg-boss computes the same on PostgreSQL.
 */
export function retryDelaySeconds(baseSeconds: number, retryCount: number, random: number): number {
  const span = baseSeconds * 2 ** Math.min(16, retryCount);
  return span + span * Math.min(Math.max(random, 0), 1);
}

/** A job's error as stored: the message, one line, bounded. */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const line = message.split('\n')[0] ?? '';
  const text = typeof code === 'string' && !line.includes(code) ? `${code}: ${line}` : line;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
