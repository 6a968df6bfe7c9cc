import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import type { Enqueued, JobData } from '../domain/job.js';
import { checkEmail, checkReport, type ReportEmail, type ReportJobInput, reportJob } from './enqueue-report.command.js';
import { ownerOf } from './owner.js';
import type { JobsDeps, ReportInput } from './ports.js';

export interface BatchInput {
  /** The assessments named (from --assessments <file>), or null for every final one. */
  readonly assessmentIds: readonly string[] | null;
  /** Where the ids came from, for errors. */
  readonly source: string;
  /** Everything but the assessment and the output file, which each report gets from `outFor`. */
  readonly report: Omit<ReportInput, 'assessmentId' | 'out'>;
  readonly outFor: (assessmentId: string) => string;
  readonly email?: ReportEmail | undefined;
}

export interface BatchItem {
  readonly assessmentId: string;
  readonly subject: string;
  readonly out: string;
}

/** The assessments a batch covers, checked: all exist in the organisation, none twice. */
export function batchItems(deps: JobsDeps) {
  return async (principal: Principal, input: Omit<BatchInput, 'report' | 'email'>): Promise<BatchItem[]> => {
    allow(principal, 'report.generate');
    const all = await deps.collaborators.assessments(principal);
    const byId = new Map(all.map((a) => [a.id, a]));
    let chosen: { id: string; subject: string }[];
    if (input.assessmentIds === null) {
      chosen = all.filter((a) => a.status === 'final');
      if (chosen.length === 0) throw JOBS_ERRORS.emptyBatch();
    } else {
      chosen = input.assessmentIds.map((id) => {
        const found = byId.get(id);
        if (!found) throw JOBS_ERRORS.unknownAssessment({ id, where: input.source });
        return found;
      });
    }
    return chosen.map((a) => ({ assessmentId: a.id, subject: a.subject, out: input.outFor(a.id) }));
  };
}

/**
 * `report batch --async`: one report job per assessment, queued in one
 * transaction (all or none), each with its audit entry.
 */
export function enqueueBatch(deps: JobsDeps) {
  const items = batchItems(deps);
  return async (principal: Principal, input: BatchInput): Promise<(BatchItem & Enqueued)[]> => {
    const access = allow(principal, 'report.generate');
    if (input.email) allow(principal, 'mail.send');
    const email = checkEmail(input.email);
    const chosen = await items(principal, input);
    const owner = ownerOf(access);
    const jobs = chosen.map((item) => {
      const report: ReportInput = { ...input.report, assessmentId: item.assessmentId, out: item.out };
      checkReport(report);
      const data: JobData<ReportJobInput> = {
        owner,
        kind: 'report.generate',
        input: { report, ...(email ? { email } : {}) },
      };
      return { item, job: reportJob(data) };
    });
    return access.change(deps.uow, async ({ jobs: store, record }) => {
      const queued: (BatchItem & Enqueued)[] = [];
      for (const { item, job } of jobs) {
        const result = await store.enqueue(job);
        await record({
          action: result.created ? 'job.queued' : 'job.requeue_skipped',
          targetType: 'assessment',
          targetId: item.assessmentId,
          details: { job: result.id, kind: 'report.generate', template: input.report.template, batch: true },
        });
        queued.push({ ...item, ...result });
      }
      return queued;
    });
  };
}
