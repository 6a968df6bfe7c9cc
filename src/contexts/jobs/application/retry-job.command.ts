import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type JobDto, jobDto } from './dto.js';
import type { JobsDeps } from './ports.js';

/** A failed or cancelled job queued again, for one more attempt. */
export function retryJob(deps: JobsDeps) {
  return async (principal: Principal, id: string): Promise<JobDto> => {
    const access = allow(principal, 'job.manage');
    const queue = await deps.queue();
    const job = await queue.get(access.orgId, id);
    if (!job) throw JOBS_ERRORS.notFound({ id });
    if (job.state !== 'failed' && job.state !== 'cancelled') throw JOBS_ERRORS.notRetryable({ id, state: job.state });
    await access.change(deps.uow, async ({ jobs, record }) => {
      if (!(await jobs.retry(job))) throw JOBS_ERRORS.notRetryable({ id, state: 'no longer failed' });
      await record({ action: 'job.retried', targetType: 'job', targetId: id, details: { from: job.state } });
    });
    return jobDto((await queue.get(access.orgId, id)) ?? job);
  };
}
