import { QUEUES, type QueueName } from './job.js';

/**
 * Cron schedules: each time one comes round, one job of its kind is queued
 * with the data it was made with, owned by whoever made it. Each schedule has
 * a queue of its own (`schedule.<organisation>.<name>`): pg-boss keeps one
 * schedule per queue, and the SQLite queue does the same, so both fire a
 * schedule at most once per slot however many workers run, and workers
 * take its jobs with the retries and lease of the queue its kind belongs to.
 */
export const SCHEDULE_QUEUE_PREFIX = 'schedule.';

/** A schedule's name within its organisation: lowercase letters, digits and dashes. */
export const SCHEDULE_NAME = /^[a-z0-9][a-z0-9-]{0,47}$/;

export function scheduleQueueName(orgId: string, name: string): string {
  return `${SCHEDULE_QUEUE_PREFIX}${orgId}.${name}`;
}

export function isScheduleQueue(queue: string): boolean {
  return queue.startsWith(SCHEDULE_QUEUE_PREFIX);
}

/** The schedule's name, from its queue's. */
export function scheduleNameOf(queue: string): string {
  return queue.slice(queue.lastIndexOf('.') + 1);
}

/** The kinds of job a schedule may queue (`--job`), and the queue whose policy their runs follow. */
export const SCHEDULABLE_JOBS = {
  'training-reminders': { kind: 'training-reminders', queue: QUEUES.email },
  'report-batch': { kind: 'report.batch', queue: QUEUES.reports },
  ping: { kind: 'ping', queue: QUEUES.ping },
} as const satisfies Readonly<Record<string, { kind: string; queue: QueueName }>>;
export type SchedulableJob = keyof typeof SCHEDULABLE_JOBS;

export function isSchedulableJob(value: string): value is SchedulableJob {
  return Object.hasOwn(SCHEDULABLE_JOBS, value);
}

/**
 * The slot a schedule fires for at `now`, as pg-boss decides it: the last
 * time the cron came round, if that was less than a minute ago (a slot
 * missed while no worker ran is not made up later). `previous` is the cron's
 * last occurrence at or before `now`.
 */
export function dueSlot(previous: Date, now: Date, lastFired: Date | null): Date | null {
  if (now.getTime() - previous.getTime() >= 60_000) return null;
  if (lastFired !== null && lastFired.getTime() >= previous.getTime()) return null;
  return previous;
}

/** The work queue whose policy a scheduled job of this kind follows. */
export function policyQueueOfKind(kind: string): QueueName {
  return Object.values(SCHEDULABLE_JOBS).find((j) => j.kind === kind)?.queue ?? QUEUES.ping;
}
