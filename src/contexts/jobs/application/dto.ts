import type { Job } from '../domain/job.js';
import type { JobRun } from './ports.js';

/** A job as commands print it (`--json` fields). */
export interface JobDto {
  id: string;
  queue: string;
  kind: string;
  state: string;
  attempts: number;
  retryLimit: number;
  queuedBy: string;
  summary: string;
  createdAt: string;
  startAfter: string;
  startedAt: string | null;
  completedAt: string | null;
  lastError: string | null;
  output: unknown;
}

export interface JobDetailDto extends JobDto {
  singletonKey: string | null;
  leaseSeconds: number;
  input: unknown;
  runs: {
    attempt: number;
    worker: string;
    startedAt: string;
    finishedAt: string | null;
    outcome: string;
    error: string | null;
  }[];
}

/** One line on what the job does, from its kind and input. */
export function summaryOf(job: Job): string {
  const input = (job.data.input ?? {}) as Record<string, any>;
  switch (job.data.kind) {
    case 'report.generate': {
      const r = (input.report ?? {}) as Record<string, unknown>;
      const to = (input.email?.to as string[] | undefined)?.join(', ');
      return `${String(r.template)} ${String(r.format)} report of ${String(r.assessmentId)}${r.appendix === true ? ' with the appendix' : ''}${r.out ? ` to ${String(r.out)}` : ''}${to ? `, mailed to ${to}` : ''}`;
    }
    case 'mail.report':
      return `mail ${String(input.filename)} to ${(input.to as string[] | undefined)?.join(', ') ?? '?'}`;
    case 'mail.survey-invitation':
      return `survey ${String(input.survey)} invitation to ${String(input.to)}`;
    case 'mail.training-reminder':
      return `training reminder to ${String(input.to)} (${(input.courses as unknown[] | undefined)?.length ?? 0} course(s))`;
    case 'training-reminders':
      return `training reminders (overdue${input.dueSoonDays ? `, due within ${String(input.dueSoonDays)} days` : ''})`;
    case 'report.batch': {
      const r = (input.report ?? {}) as Record<string, unknown>;
      return `${String(r.template)} ${String(r.format)} reports of ${input.assessmentIds ? `${(input.assessmentIds as unknown[]).length} assessments` : 'every final assessment'} to ${String(input.outDir)}`;
    }
    case 'ping':
      return `no-op${input.sleepMs ? ` (${String(input.sleepMs)} ms)` : ''}`;
    default:
      return job.data.kind;
  }
}

/** Report contents ride in the job's data (base64) to reach the mailing worker: never printed. */
function printable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(printable);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      k === 'contentBase64' ? [k, `(${Math.floor((String(v).length * 3) / 4)} bytes)`] : [k, printable(v)],
    ),
  );
}

export function jobDto(job: Job): JobDto {
  return {
    id: job.id,
    queue: job.queue,
    kind: job.data.kind,
    state: job.state,
    attempts: job.attempts,
    retryLimit: job.retryLimit,
    queuedBy: job.data.owner.actor.label,
    summary: summaryOf(job),
    createdAt: job.createdAt.toISOString(),
    startAfter: job.startAfter.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    lastError: job.lastError,
    output: printable(job.output),
  };
}

export function jobDetailDto(job: Job, runs: readonly JobRun[]): JobDetailDto {
  return {
    ...jobDto(job),
    singletonKey: job.singletonKey,
    leaseSeconds: job.leaseSeconds,
    input: printable(job.data.input),
    runs: runs.map((r) => ({
      attempt: r.attempt,
      worker: r.worker,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      outcome: r.outcome,
      error: r.error,
    })),
  };
}
