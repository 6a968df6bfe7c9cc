import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type Job, type JobData, type JobOwner, QUEUES } from '../domain/job.js';
import { reportReadyMessage, surveyInvitationMessage } from '../domain/mail.js';
import { deliver } from './deliver.js';
import { enqueueBatch } from './enqueue-batch.command.js';
import type { InvitationMailInput } from './invitation-mails.command.js';
import type { RemindersInput, ScheduledBatchInput } from './schedule.commands.js';
import { queueReminderMails, type ReminderMailInput, sendReminder } from './training-reminders.command.js';
import type { ReportJobInput } from './enqueue-report.command.js';
import type { JobsDeps, MailSettings } from './ports.js';

export { deliver } from './deliver.js';

/** Where the worker runs: its name (in the run log) and how it sends mail. */
export interface RunContext {
  readonly worker: string;
  readonly mail: MailSettings;
  /** Write mail as .eml files here instead of sending it. */
  readonly mailDryRunDir?: string | undefined;
}

/** A mail job: a finished report to attach and where to send it. */
export interface MailReportInput {
  readonly to: readonly string[];
  readonly language: 'en' | 'es';
  readonly assessmentId: string;
  readonly subject: string;
  readonly template: string;
  readonly format: string;
  readonly reportId: string;
  readonly fileHash: string;
  readonly filename: string;
  readonly contentType: string;
  readonly contentBase64: string;
}

/** Waits `ms`, or less when the run is given up (its worker stopping released it). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  json: 'application/json',
  oscal: 'application/json',
  csv: 'text/csv',
  md: 'text/markdown',
};
const EXTENSIONS: Readonly<Record<string, string>> = { pdf: 'pdf', json: 'json', oscal: 'json', csv: 'csv', md: 'md' };

export function reportFileName(assessmentId: string, template: string, format: string): string {
  return `${assessmentId}-${template.replace(/[^A-Za-z0-9._-]/g, '_')}.${EXTENSIONS[format] ?? format}`;
}

/**
 * Runs one job as its owner: the principal is rebuilt from the stored actor,
 * so the job has exactly the rights that person (or token) has now. Returns
 * the job's output; throws to fail the run (the queue retries it).
 */
export function runJob(deps: JobsDeps) {
  async function principalOf(owner: JobOwner): Promise<Principal> {
    return deps.collaborators.principalFor(owner);
  }

  const handlers: Record<
    string,
    (job: Job, data: JobData<any>, ctx: RunContext, signal?: AbortSignal) => Promise<unknown>
  > = {
    async ping(_job, data, _ctx, signal) {
      const sleepMs = Number((data.input as { sleepMs?: number }).sleepMs ?? 0);
      if (sleepMs > 0) await sleep(sleepMs, signal);
      return { ok: true };
    },

    async 'report.generate'(job, data: JobData<ReportJobInput>) {
      const principal = await principalOf(data.owner);
      const { report, email } = data.input;
      if (report.out !== null) await deps.files.ensureFolderOf(report.out);
      const result = await deps.collaborators.generateReport(principal, report);
      const output: Record<string, unknown> = {
        report: result.id,
        file: result.file,
        format: result.format,
        template: result.template,
        fileHash: result.fileHash,
        size: result.size,
        warnings: result.warnings,
      };
      // Not written to a file (`report generate --wait`): the report goes back in the job's output.
      if (result.content) output.contentBase64 = Buffer.from(result.content).toString('base64');
      if (email) {
        const content = result.content ?? (await deps.files.read(result.file));
        const subject =
          (await deps.collaborators.assessments(principal)).find((a) => a.id === report.assessmentId)?.subject ??
          report.assessmentId;
        const input: MailReportInput = {
          to: email.to,
          language: email.language === 'es' ? 'es' : 'en',
          assessmentId: report.assessmentId,
          subject,
          template: result.template,
          format: result.format,
          reportId: result.id,
          fileHash: result.fileHash,
          filename: report.out
            ? (report.out.split(/[\\/]/).pop() as string)
            : reportFileName(report.assessmentId, result.template, result.format),
          contentType: CONTENT_TYPES[result.format] ?? 'application/octet-stream',
          contentBase64: Buffer.from(content).toString('base64'),
        };
        const access = allow(principal, 'mail.send');
        output.mailJob = await access.change(deps.uow, async ({ jobs, record }) => {
          const queued = await jobs.enqueue({
            queue: QUEUES.email,
            data: { owner: data.owner, kind: 'mail.report', input },
          });
          await record({
            action: 'job.queued',
            targetType: 'job',
            targetId: queued.id,
            details: { kind: 'mail.report', after: job.id, to: email.to },
          });
          return queued.id;
        });
      }
      return output;
    },

    async 'mail.report'(job, data: JobData<MailReportInput>, ctx) {
      const principal = await principalOf(data.owner);
      const i = data.input;
      const message = reportReadyMessage({
        to: i.to,
        language: i.language,
        organisation: principal.org?.name ?? data.owner.orgSlug,
        assessmentId: i.assessmentId,
        subject: i.subject,
        template: i.template,
        format: i.format,
        fileHash: i.fileHash,
        attachment: {
          filename: i.filename,
          contentType: i.contentType,
          content: Buffer.from(i.contentBase64, 'base64'),
        },
      });
      const result = await deliver(deps, principal, message, ctx.mail, ctx.mailDryRunDir, job.id);
      // A temporary refusal fails the run, so the queue tries again after its backoff.
      if (result.status === 'deferred') throw JOBS_ERRORS.deferred({ response: result.response });
      return { status: result.status, accepted: result.accepted, rejected: result.rejected, response: result.response };
    },
  };

  const batch = enqueueBatch(deps);

  Object.assign(handlers, {
    /** A scheduled `report batch --async`: one report job per assessment, into a folder of the day. */
    async 'report.batch'(job: Job, data: JobData<ScheduledBatchInput>) {
      const principal = await principalOf(data.owner);
      const i = data.input;
      const day = deps.clock.now().toISOString().slice(0, 10);
      const templateName = i.report.template.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
      try {
        const queued = await batch(principal, {
          assessmentIds: i.assessmentIds,
          source: i.source,
          report: i.report,
          outFor: (id) =>
            `${i.outDir.replace(/[\\/]+$/, '')}/${day}/${reportFileName(id, templateName, i.report.format)}`,
          email: i.email,
        });
        return { reports: queued.length, queued: queued.filter((q) => q.created).length, after: job.id };
      } catch (error) {
        // Nothing final to report on this time: the run has nothing to do, which is not a failure.
        if ((error as { code?: string }).code === 'JOBS.EMPTY_BATCH') return { reports: 0, queued: 0 };
        throw error;
      }
    },

    /** Finds who has overdue (or soon due) training and queues one reminder mail each. */
    async 'training-reminders'(job: Job, data: JobData<RemindersInput>) {
      const principal = await principalOf(data.owner);
      const { recipients, jobs } = await queueReminderMails(deps, principal, data.owner, data.input, job.id);
      return { people: recipients.length, mailJobs: jobs.length };
    },

    async 'mail.training-reminder'(job: Job, data: JobData<ReminderMailInput>, ctx: RunContext) {
      const principal = await principalOf(data.owner);
      const result = await sendReminder(deps, principal, data.input, ctx.mail, ctx.mailDryRunDir, job.id);
      if (result.status === 'deferred') throw JOBS_ERRORS.deferred({ response: result.response });
      return { status: result.status, accepted: result.accepted, rejected: result.rejected, response: result.response };
    },

    /** The survey issues a fresh token as the message goes out: it is in the mail and nowhere else. */
    async 'mail.survey-invitation'(job: Job, data: JobData<InvitationMailInput>, ctx: RunContext) {
      const principal = await principalOf(data.owner);
      allow(principal, 'mail.send');
      const i = data.input;
      const issued = await deps.collaborators.invitationToken(principal, {
        surveyId: i.surveyId,
        invitationId: i.invitationId,
        language: i.language,
      });
      if (issued === null) return { status: 'skipped', reason: 'the invitation was used or has expired' };
      const message = surveyInvitationMessage({
        to: i.to,
        language: i.language,
        organisation: principal.org?.name ?? data.owner.orgSlug,
        title: issued.title,
        token: issued.token,
        expiresOn: issued.expiresAt.slice(0, 10),
      });
      const result = await deliver(deps, principal, message, ctx.mail, ctx.mailDryRunDir, job.id);
      if (result.status === 'deferred') throw JOBS_ERRORS.deferred({ response: result.response });
      return { status: result.status, accepted: result.accepted, rejected: result.rejected, response: result.response };
    },
  });

  /** `signal` aborts when the worker gives the job back (work that can stop early does). */
  return async (job: Job, ctx: RunContext, signal?: AbortSignal): Promise<unknown> => {
    const handler = handlers[job.data.kind];
    if (!handler) throw new Error(`no handler for jobs of kind ${job.data.kind}`);
    return handler(job, job.data, ctx, signal);
  };
}
