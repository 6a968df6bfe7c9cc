import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type Enqueued, type JobData, type NewJob, QUEUES } from '../domain/job.js';
import { isMailLanguage, normaliseAddress } from '../domain/mail.js';
import { ownerOf } from './owner.js';
import type { JobsDeps, ReportInput } from './ports.js';

export const REPORT_FORMATS = ['pdf', 'json', 'csv', 'md', 'oscal'] as const;

/** Mail the finished report to these addresses, in this language. */
export interface ReportEmail {
  readonly to: readonly string[];
  readonly language: string;
}

export interface ReportJobInput {
  readonly report: ReportInput;
  readonly email?: ReportEmail | undefined;
}

export function checkEmail(email: ReportEmail | undefined): ReportEmail | undefined {
  if (!email) return undefined;
  const to = email.to.map((value) => {
    const address = normaliseAddress(value);
    if (!address) throw JOBS_ERRORS.badAddress({ flag: '--email', value });
    return address;
  });
  if (!isMailLanguage(email.language)) throw JOBS_ERRORS.badLanguage({ language: email.language });
  return { to, language: email.language };
}

export function checkReport(report: ReportInput): void {
  if (!(REPORT_FORMATS as readonly string[]).includes(report.format)) {
    throw JOBS_ERRORS.badFormat({ valid: REPORT_FORMATS.join(', '), format: report.format });
  }
  if (!isMailLanguage(report.language)) throw JOBS_ERRORS.badLanguage({ language: report.language });
}

/**
 * The same report of the same data to the same place is one job while it
 * waits; a report rendered otherwise (AI narrative, branding, appendix) is
 * another one, so that what was asked for is not dropped for a waiting job.
 */
export function reportJob(data: JobData<ReportJobInput>): NewJob {
  const r = data.input.report;
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        data.owner.orgId,
        r.assessmentId,
        r.template,
        r.format,
        r.language,
        r.out,
        data.input.email,
        r.ai,
        r.includeSubject,
        r.branding,
        r.appendix === true,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return { queue: QUEUES.reports, data, singletonKey: key };
}

/**
 * Queues one report for a worker (`report generate --async`). The worker
 * renders it as the principal who queued it; with `email`, it is then mailed.
 */
export function enqueueReport(deps: JobsDeps) {
  return async (principal: Principal, input: ReportJobInput): Promise<Enqueued> => {
    const access = allow(principal, 'report.generate');
    if (input.email) allow(principal, 'mail.send');
    checkReport(input.report);
    const email = checkEmail(input.email);
    const data: JobData<ReportJobInput> = {
      owner: ownerOf(access),
      kind: 'report.generate',
      input: { report: input.report, ...(email ? { email } : {}) },
    };
    return access.change(deps.uow, async ({ jobs, record }) => {
      const queued = await jobs.enqueue(reportJob(data));
      await record({
        action: queued.created ? 'job.queued' : 'job.requeue_skipped',
        targetType: 'assessment',
        targetId: input.report.assessmentId,
        details: { job: queued.id, kind: data.kind, template: input.report.template, format: input.report.format },
      });
      return queued;
    });
  };
}
