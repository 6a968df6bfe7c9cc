import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import type { AuditLog } from '../../audit/index.js';
import type { DeliveryResult, MailMessage } from '../domain/mail.js';
import type { Enqueued, Job, JobOwner, JobState, NewJob, QueueName } from '../domain/job.js';

/**
 * The queue engine: pg-boss on PostgreSQL, a jobs table on SQLite. The same
 * states, retries with backoff, leases, dead letter, schedules and singleton
 * keys behind one port, so every command behaves the same on both.
 */
export interface JobQueue {
  readonly engine: 'pg-boss' | 'sqlite';
  /** A job of this organisation, or null (another organisation's jobs are not found). */
  get(orgId: string, id: string): Promise<Job | null>;
  list(orgId: string, filter: JobFilter): Promise<Job[]>;
  /** Jobs of the organisation by queue and state. */
  counts(orgId: string): Promise<QueueCount[]>;
  /** Stops a job that has not finished; false when it had. */
  cancel(job: Job): Promise<boolean>;
  /** Queues a failed or cancelled job again, its attempts reset; false when it was neither. */
  retry(job: Job): Promise<boolean>;

  /** Starts the worker side: lease expiry, schedules (pg-boss's maintenance; our own on SQLite). */
  startWorking(options: WorkingOptions): Promise<void>;
  /** Claims up to `limit` jobs of one queue (a work queue or a schedule's) that are due: each goes to exactly one worker. */
  fetch(queue: string, limit: number): Promise<Job[]>;
  complete(job: Job, output: unknown): Promise<void>;
  /** A failed run: retried after a backoff while retries remain, else failed and dead-lettered. */
  fail(job: Job, error: string): Promise<void>;

  /**
   * Makes (or changes) a cron schedule: each time it comes round, one job is
   * queued on the schedule's own queue with its data, once per slot however
   * many workers run (pg-boss's clock on PostgreSQL, the claim transaction on SQLite).
   */
  schedule(schedule: Schedule): Promise<void>;
  /** Removes an organisation's schedule; false when it had none of that name. */
  unschedule(orgId: string, name: string): Promise<boolean>;
  /** An organisation's schedules, or every organisation's (for workers) with null. */
  schedules(orgId: string | null): Promise<Schedule[]>;

  close(): Promise<void>;
}

export interface JobFilter {
  readonly queue?: string | undefined;
  readonly state?: JobState | undefined;
  readonly limit?: number | undefined;
}

export interface QueueCount {
  readonly queue: string;
  readonly state: JobState;
  readonly count: number;
}

export interface WorkingOptions {
  /** How often leases are checked and schedules looked at (seconds). */
  readonly maintenanceSeconds: number;
}

export interface Schedule {
  /** Its name within the organisation (`renfe jobs schedule <name>`). */
  readonly name: string;
  /** The schedule's own queue, where its jobs go (`schedule.<organisation>.<name>`). */
  readonly scheduleQueue: string;
  /** The work queue whose retries and lease its jobs follow (and whose workers take them). */
  readonly queue: QueueName;
  /** Five fields (minute hour day month weekday). */
  readonly cron: string;
  readonly timezone: string;
  readonly owner: JobOwner;
  readonly kind: string;
  readonly input: unknown;
}

/** One run of a job by a worker (how many times a job really ran, and how each run ended). */
export interface JobRun {
  readonly id: string;
  readonly jobId: string;
  readonly queue: string;
  readonly orgId: string;
  readonly attempt: number;
  readonly worker: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly outcome: 'running' | 'completed' | 'failed' | 'released';
  readonly error: string | null;
}

export interface RunLog {
  start(run: JobRun): Promise<void>;
  finish(id: string, at: Date, outcome: JobRun['outcome'], error: string | null): Promise<void>;
  ofJob(orgId: string, jobId: string): Promise<JobRun[]>;
  /** Workers seen running jobs since `since`, with their last run. */
  workers(since: Date): Promise<{ worker: string; lastSeen: Date; runs: number }[]>;
}

export interface Delivery {
  readonly id: string;
  readonly orgId: string;
  readonly jobId: string | null;
  readonly template: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly status: DeliveryResult['status'];
  readonly response: string;
  readonly messageId: string | null;
  readonly createdAt: Date;
}

export interface DeliveryLog {
  record(delivery: Delivery): Promise<void>;
  ofOrg(orgId: string, limit: number): Promise<Delivery[]>;
  counts(orgId: string): Promise<Record<DeliveryResult['status'], number>>;
}

/** The jobs context's part of one transaction. */
export interface JobsStore {
  /** Queues a job in this transaction (the same one as its audit entry). */
  enqueue(job: NewJob): Promise<Enqueued>;
  /** Cancels a job that has not finished, in this transaction; false when it had. */
  cancel(job: Job): Promise<boolean>;
  /** Queues a failed or cancelled job again, in this transaction; false when it was neither. */
  retry(job: Job): Promise<boolean>;
  readonly runs: RunLog;
  readonly deliveries: DeliveryLog;
}

export interface JobsTransaction {
  readonly jobs: JobsStore;
  readonly audit: AuditLog;
}

export interface JobsUnitOfWork {
  readonly read: JobsStore;
  run<T>(work: (tx: JobsTransaction) => Promise<T>): Promise<T>;
}

/** Sends a message: SMTP through nodemailer, or `.eml` files for a dry run. */
export interface Mailer {
  readonly kind: 'smtp' | 'dry-run';
  send(message: MailMessage): Promise<DeliveryResult>;
}

export interface MailSettings {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly from?: string | undefined;
  readonly secure?: boolean | undefined;
}

/** Makes the mailer a job or command sends with: the configured relay, or a folder for `--dry-run`. */
export type MailerFactory = (settings: MailSettings, dryRunDir?: string | undefined) => Promise<Mailer>;

/** Reads a written report back (to attach it to a message); makes the folder a report goes to. */
export interface JobFiles {
  read(path: string): Promise<Uint8Array>;
  ensureFolderOf(path: string): Promise<void>;
}

/** What the jobs context needs from the contexts before it. */
export interface ReportInput {
  readonly assessmentId: string;
  readonly template: string;
  readonly format: string;
  readonly out: string | null;
  readonly language: string;
  readonly ai: boolean;
  readonly includeSubject: boolean;
  readonly branding: { readonly firmName: string; readonly logoPath: string | null; readonly primaryColor: string };
  /** Add the appendix of every answer with its evidence (`report generate --appendix`); absent in older jobs: none. */
  readonly appendix?: boolean | undefined;
}

export interface ReportResultSummary {
  readonly id: string;
  readonly file: string;
  readonly format: string;
  readonly template: string;
  readonly fileHash: string;
  readonly dataHash: string;
  readonly size: number;
  readonly warnings: readonly string[];
  /** The report itself, when it was not written to a file (`out: null`). */
  readonly content?: Uint8Array | undefined;
}

export interface Collaborators {
  /** The principal a job runs as, rebuilt from its stored owner (auth). */
  principalFor(owner: JobOwner): Promise<Principal>;
  generateReport(principal: Principal, input: ReportInput): Promise<ReportResultSummary>;
  /** The assessments of the principal's organisation (id, subject, status). */
  assessments(principal: Principal): Promise<readonly { id: string; subject: string; status: string }[]>;
  /** Each person with assignments overdue or due within `dueSoonDays`, in their language (training). */
  trainingReminders(
    principal: Principal,
    input: { readonly dueSoonDays: number; readonly language: string },
  ): Promise<readonly ReminderRecipient[]>;
  /**
   * A fresh one-time token for a mailed invitation (the old one stops working),
   * or null when it has been used or has expired (survey). The token goes
   * into the message and nowhere else.
   */
  invitationToken(
    principal: Principal,
    input: { readonly surveyId: string; readonly invitationId: string; readonly language: string },
  ): Promise<{ readonly token: string; readonly title: string; readonly expiresAt: string } | null>;
}

export interface ReminderRecipient {
  readonly email: string;
  readonly name: string | null;
  readonly language: string;
  readonly courses: readonly {
    readonly course: string;
    readonly title: string;
    readonly due: string;
    readonly overdue: boolean;
  }[];
}

export interface JobsDeps {
  readonly uow: JobsUnitOfWork;
  readonly queue: () => Promise<JobQueue>;
  readonly mailer: MailerFactory;
  readonly files: JobFiles;
  readonly collaborators: Collaborators;
  readonly clock: Clock;
}
