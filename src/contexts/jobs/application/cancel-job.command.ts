import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { FINISHED_STATES } from '../domain/job.js';
import { type JobDto, jobDto } from './dto.js';
import type { JobsDeps } from './ports.js';

/**
 * Stops a job that has not finished. A job already running is marked
 * cancelled at once; its worker's result is then discarded.
 */
export function cancelJob(deps: JobsDeps) {
  return async (principal: Principal, id: string): Promise<JobDto> => {
    const access = allow(principal, 'job.manage');
    const queue = await deps.queue();
    const job = await queue.get(access.orgId, id);
    if (!job) throw JOBS_ERRORS.notFound({ id });
    if (FINISHED_STATES.includes(job.state)) throw JOBS_ERRORS.notCancellable({ id, state: job.state });
    await access.change(deps.uow, async ({ jobs, record }) => {
      if (!(await jobs.cancel(job))) throw JOBS_ERRORS.notCancellable({ id, state: 'finished meanwhile' });
      await record({ action: 'job.cancelled', targetType: 'job', targetId: id, details: { from: job.state } });
    });
    return jobDto((await queue.get(access.orgId, id)) ?? job);
  };
}
