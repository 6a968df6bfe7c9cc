import type { Job, JobData, JobState } from '../../domain/job.js';

/** A date column as stored (ISO text on SQLite, a Date from pg). */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The message of a stored error output (`{ message }`, pg-boss's `{ value: { message } }` or text). */
export function errorOf(output: unknown): string | null {
  if (output === null || output === undefined) return null;
  if (typeof output === 'string') return output;
  const o = output as { message?: unknown; value?: { message?: unknown } | unknown };
  if (typeof o.message === 'string') return o.message;
  const v = o.value as { message?: unknown } | undefined;
  if (v && typeof v === 'object' && typeof v.message === 'string') return v.message;
  if (typeof o.value === 'string') return o.value;
  return null;
}

export interface JobShape {
  id: string;
  queue: string;
  state: JobState;
  data: JobData;
  retryCount: number;
  retryLimit: number;
  started: boolean;
  singletonKey: string | null;
  leaseSeconds: number;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  output: unknown;
}

/** Both adapters count attempts as pg-boss does: the retry count, plus one once the job has started. */
export function jobOf(s: JobShape): Job {
  return {
    id: s.id,
    queue: s.queue,
    state: s.state,
    data: s.data,
    attempts: s.retryCount + (s.started ? 1 : 0),
    retryLimit: s.retryLimit,
    singletonKey: s.singletonKey,
    leaseSeconds: s.leaseSeconds,
    createdAt: s.createdAt,
    startAfter: s.startAfter,
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    output: s.state === 'completed' ? s.output : null,
    lastError: s.state === 'completed' ? null : errorOf(s.output),
  };
}
