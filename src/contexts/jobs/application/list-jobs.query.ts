import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { JOB_STATES, type JobState, QUEUES } from '../domain/job.js';
import { type JobDto, jobDto } from './dto.js';
import type { JobsDeps } from './ports.js';

export interface ListJobsInput {
  readonly queue?: string | undefined;
  readonly state?: string | undefined;
  readonly limit?: number | undefined;
}

export function checkQueue(flag: string, queue: string): void {
  const valid = Object.values(QUEUES) as string[];
  if (!valid.includes(queue)) throw JOBS_ERRORS.badQueue({ flag, queue, valid: valid.join(', ') });
}

/** The organisation's jobs, newest first. */
export function listJobs(deps: JobsDeps) {
  return async (principal: Principal, input: ListJobsInput = {}): Promise<JobDto[]> => {
    const { orgId } = allow(principal, 'job.read');
    if (input.queue !== undefined) checkQueue('--queue', input.queue);
    if (input.state !== undefined && !(JOB_STATES as readonly string[]).includes(input.state)) {
      throw JOBS_ERRORS.badState({ valid: JOB_STATES.join(', '), state: input.state });
    }
    const queue = await deps.queue();
    const jobs = await queue.list(orgId, {
      queue: input.queue,
      state: input.state as JobState | undefined,
      limit: input.limit,
    });
    return jobs.map(jobDto);
  };
}
