import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { FINISHED_STATES, type Job } from '../domain/job.js';
import type { JobsDeps } from './ports.js';

export interface WaitInput {
  readonly id: string;
  readonly timeoutSeconds: number;
  /** How often to look (milliseconds). */
  readonly pollMs?: number | undefined;
  /** Called when the state changes (e.g. to update a spinner). */
  readonly onState?: ((job: Job) => void) | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a job to finish: its result when it completed, an error when it failed, was cancelled or timed out. */
export function waitForJob(deps: JobsDeps) {
  return async (principal: Principal, input: WaitInput): Promise<Job> => {
    const { orgId } = allow(principal, 'job.read');
    const queue = await deps.queue();
    const deadline = deps.clock.now().getTime() + input.timeoutSeconds * 1000;
    let last: string | undefined;
    for (;;) {
      const job = await queue.get(orgId, input.id);
      if (!job) throw JOBS_ERRORS.notFound({ id: input.id });
      if (job.state !== last) input.onState?.(job);
      last = job.state;
      if (job.state === 'completed') return job;
      if (FINISHED_STATES.includes(job.state)) {
        throw JOBS_ERRORS.jobFailed({
          id: job.id,
          state: job.state,
          attempts: job.attempts,
          error: job.lastError ?? 'no error recorded',
        });
      }
      if (deps.clock.now().getTime() >= deadline) {
        throw JOBS_ERRORS.waitTimeout({ id: job.id, state: job.state, seconds: input.timeoutSeconds });
      }
      await sleep(input.pollMs ?? 250);
    }
  };
}
