import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { isMailLanguage } from '../domain/mail.js';
import {
  isSchedulableJob,
  SCHEDULABLE_JOBS,
  SCHEDULE_NAME,
  type SchedulableJob,
  scheduleQueueName,
} from '../domain/schedule.js';
import { checkEmail, checkReport, type ReportEmail } from './enqueue-report.command.js';
import { ownerOf } from './owner.js';
import type { JobsDeps, ReportInput, Schedule } from './ports.js';

/** What a scheduled `report-batch` does each time: `report batch --async` with these options. */
export interface ScheduledBatchInput {
  readonly assessmentIds: readonly string[] | null;
  readonly source: string;
  readonly report: Omit<ReportInput, 'assessmentId' | 'out'>;
  /** Each run writes into a folder of its day under this one: <outDir>/<YYYY-MM-DD>/<id>-<template>.<ext>. */
  readonly outDir: string;
  readonly email?: ReportEmail | undefined;
}

/** What a `training-reminders` job does: mail everyone with overdue (or soon due) training. */
export interface RemindersInput {
  /** Also remind of assignments due within this many days (0: only overdue ones). */
  readonly dueSoonDays: number;
  /** The language of a person whose language is not known. */
  readonly language: string;
}

export interface ScheduleInput {
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  /** The kind of job (`--job`): training-reminders, report-batch or ping. */
  readonly job: string;
  /** The job's own options (only those of its kind are read). */
  readonly batch?: ScheduledBatchInput | undefined;
  readonly reminders?: Partial<RemindersInput> | undefined;
}

/** A schedule as commands print it. */
export interface ScheduleDto {
  name: string;
  job: string;
  cron: string;
  timezone: string;
  /** When it next comes round (ISO). */
  next: string | null;
  queue: string;
  scheduledBy: string;
  input: unknown;
}

export const MAX_DUE_SOON_DAYS = 90;

type CronParser = (typeof import('cron-parser'))['CronExpressionParser'];
let parser: Promise<CronParser> | undefined;
// Loaded only to check or read a schedule; the bundle may hand the CommonJS module over as `default`.
const cronParser = () =>
  (parser ??= import('cron-parser').then(
    (m) => m.CronExpressionParser ?? (m as unknown as { default: typeof m }).default.CronExpressionParser,
  ));

/** The next time a cron expression comes round after `after`, in its zone (null if it never does). */
async function nextRun(cron: string, timezone: string, after: Date): Promise<string | null> {
  try {
    return (await cronParser()).parse(cron, { currentDate: after, tz: timezone }).next().toISOString();
  } catch {
    return null;
  }
}

async function checkCron(cron: string, timezone: string): Promise<void> {
  if (cron.trim().split(/\s+/).length !== 5) {
    throw JOBS_ERRORS.badSchedule({
      flag: '--cron',
      problem: `"${cron}" must have five fields: minute hour day-of-month month day-of-week (e.g. "0 7 * * *")`,
    });
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw JOBS_ERRORS.badSchedule({
      flag: '--tz',
      problem: `unknown time zone "${timezone}" (e.g. Europe/Madrid, UTC)`,
    });
  }
  try {
    (await cronParser()).parse(cron, { tz: timezone });
  } catch (error) {
    throw JOBS_ERRORS.badSchedule({ flag: '--cron', problem: `"${cron}": ${(error as Error).message.split('\n')[0]}` });
  }
}

export function kindToJob(kind: string): string {
  return Object.entries(SCHEDULABLE_JOBS).find(([, j]) => j.kind === kind)?.[0] ?? kind;
}

export async function scheduleDto(s: Schedule, now: Date): Promise<ScheduleDto> {
  return {
    name: s.name,
    job: kindToJob(s.kind),
    cron: s.cron,
    timezone: s.timezone,
    next: await nextRun(s.cron, s.timezone, now),
    queue: s.queue,
    scheduledBy: s.owner.actor.label,
    input: s.input,
  };
}

/** The job's input for its kind, checked; the principal must be allowed the work itself. */
function jobInput(principal: Principal, job: SchedulableJob, input: ScheduleInput): unknown {
  switch (job) {
    case 'ping':
      allow(principal, 'job.manage');
      return {};
    case 'training-reminders': {
      allow(principal, 'training.read');
      allow(principal, 'mail.send');
      const dueSoonDays = input.reminders?.dueSoonDays ?? 0;
      if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0 || dueSoonDays > MAX_DUE_SOON_DAYS) {
        throw JOBS_ERRORS.badNumber({ flag: '--due-soon', min: 0, max: MAX_DUE_SOON_DAYS, value: String(dueSoonDays) });
      }
      const language = input.reminders?.language ?? 'en';
      if (!isMailLanguage(language)) throw JOBS_ERRORS.badLanguage({ language });
      return { dueSoonDays, language } satisfies RemindersInput;
    }
    case 'report-batch': {
      allow(principal, 'report.generate');
      const batch = input.batch;
      if (!batch) throw JOBS_ERRORS.batchSource();
      if (batch.email) allow(principal, 'mail.send');
      checkReport({ ...batch.report, assessmentId: '', out: null });
      const email = checkEmail(batch.email);
      return { ...batch, ...(email ? { email } : {}) } satisfies ScheduledBatchInput;
    }
  }
}

/** `renfe jobs schedule <name>`: makes or changes a cron schedule of the organisation. */
export function scheduleJob(deps: JobsDeps) {
  return async (principal: Principal, input: ScheduleInput): Promise<ScheduleDto & { created: boolean }> => {
    const access = allow(principal, 'job.schedule');
    if (!SCHEDULE_NAME.test(input.name)) {
      throw JOBS_ERRORS.badSchedule({
        flag: 'name',
        problem: `"${input.name}" must be 1 to 48 lowercase letters, digits or dashes, starting with a letter or digit`,
      });
    }
    if (!isSchedulableJob(input.job)) {
      throw JOBS_ERRORS.badSchedule({
        flag: '--job',
        problem: `unknown job "${input.job}"; jobs: ${Object.keys(SCHEDULABLE_JOBS).join(', ')}`,
      });
    }
    await checkCron(input.cron, input.timezone);
    const job = SCHEDULABLE_JOBS[input.job];
    const schedule: Schedule = {
      name: input.name,
      scheduleQueue: scheduleQueueName(access.orgId, input.name),
      queue: job.queue,
      cron: input.cron.trim().replace(/\s+/g, ' '),
      timezone: input.timezone,
      owner: ownerOf(access),
      kind: job.kind,
      input: jobInput(principal, input.job, input),
    };
    const queue = await deps.queue();
    const existed = (await queue.schedules(access.orgId)).some((s) => s.name === input.name);
    await queue.schedule(schedule);
    await access.change(deps.uow, async ({ record }) => {
      await record({
        action: existed ? 'job.schedule_changed' : 'job.scheduled',
        targetType: 'schedule',
        targetId: input.name,
        details: { job: input.job, cron: schedule.cron, timezone: schedule.timezone },
      });
    });
    return { ...(await scheduleDto(schedule, deps.clock.now())), created: !existed };
  };
}

/** `renfe jobs unschedule <name>`: no more jobs from it (those it queued stay). */
export function unscheduleJob(deps: JobsDeps) {
  return async (principal: Principal, name: string): Promise<void> => {
    const access = allow(principal, 'job.schedule');
    const queue = await deps.queue();
    if (!(await queue.unschedule(access.orgId, name))) throw JOBS_ERRORS.scheduleNotFound({ name });
    await access.change(deps.uow, async ({ record }) => {
      await record({ action: 'job.unscheduled', targetType: 'schedule', targetId: name, details: {} });
    });
  };
}

/** `renfe jobs schedules`: the organisation's schedules, with when each next comes round. */
export function listSchedules(deps: JobsDeps) {
  return async (principal: Principal): Promise<ScheduleDto[]> => {
    const { orgId } = allow(principal, 'job.read');
    const queue = await deps.queue();
    const now = deps.clock.now();
    return Promise.all((await queue.schedules(orgId)).map((s) => scheduleDto(s, now)));
  };
}
