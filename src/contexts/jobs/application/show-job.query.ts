import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type JobDetailDto, jobDetailDto } from './dto.js';
import type { JobsDeps } from './ports.js';

/** One job with each of its runs (worker, timings, outcome). */
export function showJob(deps: JobsDeps) {
  return async (principal: Principal, id: string): Promise<JobDetailDto> => {
    const { orgId } = allow(principal, 'job.read');
    const job = await (await deps.queue()).get(orgId, id);
    if (!job) throw JOBS_ERRORS.notFound({ id });
    return jobDetailDto(job, await deps.uow.read.runs.ofJob(orgId, id));
  };
}
