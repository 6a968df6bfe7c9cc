import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type JobOwner, QUEUES } from '../domain/job.js';
import { isMailLanguage, type MailLanguage, trainingReminderMessage } from '../domain/mail.js';
import { ownerOf } from './owner.js';
import type { JobsDeps, MailSettings, ReminderRecipient } from './ports.js';
import { MAX_DUE_SOON_DAYS, type RemindersInput } from './schedule.commands.js';
import { deliver } from './deliver.js';

/** One reminder mail job: who, in which language, for which courses. */
export interface ReminderMailInput {
  readonly to: string;
  readonly name: string | null;
  readonly language: MailLanguage;
  readonly courses: ReminderRecipient['courses'];
}

export interface RemindInput extends Partial<RemindersInput> {
  /** Only say who would be reminded; send and queue nothing. */
  readonly dryRun?: boolean | undefined;
  /** Queue a `training-reminders` job for a worker instead of mailing now. */
  readonly async?: boolean | undefined;
  readonly settings: MailSettings;
  /** Write the messages as .eml files here instead of sending them. */
  readonly mailDryRunDir?: string | undefined;
}

export interface RemindResult {
  readonly mode: 'dry-run' | 'queued' | 'sent';
  /** The job queued (--async). */
  readonly job: string | null;
  readonly reminders: readonly {
    readonly email: string;
    readonly language: string;
    readonly overdue: number;
    readonly dueSoon: number;
    readonly status: 'would-send' | 'queued' | 'accepted' | 'rejected' | 'deferred';
  }[];
}

export function checkReminders(input: Partial<RemindersInput>): RemindersInput {
  const dueSoonDays = input.dueSoonDays ?? 0;
  if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0 || dueSoonDays > MAX_DUE_SOON_DAYS) {
    throw JOBS_ERRORS.badNumber({ flag: '--due-soon', min: 0, max: MAX_DUE_SOON_DAYS, value: String(dueSoonDays) });
  }
  const language = input.language ?? 'en';
  if (!isMailLanguage(language)) throw JOBS_ERRORS.badLanguage({ language });
  return { dueSoonDays, language };
}

const mailInput = (r: ReminderRecipient, fallback: MailLanguage): ReminderMailInput => ({
  to: r.email,
  name: r.name,
  language: isMailLanguage(r.language) ? r.language : fallback,
  courses: r.courses,
});

/** Queues one reminder mail per person (each retried on its own), in one transaction with its audit entry. */
export async function queueReminderMails(
  deps: JobsDeps,
  principal: Principal,
  owner: JobOwner,
  input: RemindersInput,
  after: string | null,
): Promise<{ recipients: readonly ReminderRecipient[]; jobs: string[] }> {
  const access = allow(principal, 'mail.send');
  const recipients = await deps.collaborators.trainingReminders(principal, input);
  if (recipients.length === 0) return { recipients, jobs: [] };
  const fallback = input.language as MailLanguage;
  const jobs = await access.change(deps.uow, async ({ jobs: store, record }) => {
    const ids: string[] = [];
    for (const r of recipients) {
      const queued = await store.enqueue({
        queue: QUEUES.email,
        data: { owner, kind: 'mail.training-reminder', input: mailInput(r, fallback) },
      });
      ids.push(queued.id);
    }
    await record({
      action: 'job.queued',
      targetType: 'queue',
      targetId: QUEUES.email,
      details: { kind: 'mail.training-reminder', count: ids.length, first: ids[0] ?? null, after },
    });
    return ids;
  });
  return { recipients, jobs };
}

/** Sends one reminder and records what the relay said. */
export function sendReminder(
  deps: JobsDeps,
  principal: Principal,
  input: ReminderMailInput,
  settings: MailSettings,
  dryRunDir: string | undefined,
  jobId: string | null,
) {
  const message = trainingReminderMessage({
    to: input.to,
    language: input.language,
    organisation: principal.org?.name ?? '',
    name: input.name,
    courses: input.courses,
  });
  return deliver(deps, principal, message, settings, dryRunDir, jobId);
}

/**
 * `renfe training remind`: mails each person with overdue (and, with
 * `dueSoonDays`, soon due) training a reminder in their language, now; or
 * queues the `training-reminders` job (--async); or only lists them (--dry-run).
 */
export function remindTraining(deps: JobsDeps) {
  return async (principal: Principal, input: RemindInput): Promise<RemindResult> => {
    const access = allow(principal, 'training.read');
    const options = checkReminders(input);
    const count = (r: ReminderRecipient) => ({
      email: r.email,
      overdue: r.courses.filter((c) => c.overdue).length,
      dueSoon: r.courses.filter((c) => !c.overdue).length,
    });
    if (input.dryRun) {
      const recipients = await deps.collaborators.trainingReminders(principal, options);
      return {
        mode: 'dry-run',
        job: null,
        reminders: recipients.map((r) => ({
          ...count(r),
          language: mailInput(r, options.language as MailLanguage).language,
          status: 'would-send',
        })),
      };
    }
    allow(principal, 'mail.send');
    if (input.async) {
      const owner = ownerOf(access);
      const id = await access.change(deps.uow, async ({ jobs, record }) => {
        const queued = await jobs.enqueue({
          queue: QUEUES.email,
          data: { owner, kind: 'training-reminders', input: options },
        });
        await record({
          action: 'job.queued',
          targetType: 'queue',
          targetId: QUEUES.email,
          details: { job: queued.id, kind: 'training-reminders', dueSoonDays: options.dueSoonDays },
        });
        return queued.id;
      });
      return { mode: 'queued', job: id, reminders: [] };
    }
    const recipients = await deps.collaborators.trainingReminders(principal, options);
    const reminders: RemindResult['reminders'][number][] = [];
    for (const r of recipients) {
      const mail = mailInput(r, options.language as MailLanguage);
      const result = await sendReminder(deps, principal, mail, input.settings, input.mailDryRunDir, null);
      reminders.push({ ...count(r), language: mail.language, status: result.status });
    }
    return { mode: 'sent', job: null, reminders };
  };
}
