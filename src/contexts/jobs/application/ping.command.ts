import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type Enqueued, QUEUES } from '../domain/job.js';
import { ownerOf } from './owner.js';
import type { JobsDeps } from './ports.js';

export interface PingInput {
  readonly count: number;
  /** How long each job takes (to see workers share work, or a lease run out). */
  readonly sleepMs: number;
  /** The lease of each job (seconds); the queue's when absent. */
  readonly leaseSeconds?: number | undefined;
}

export const MAX_PING = 100_000;

/** `renfe jobs ping`: no-op jobs that show whether workers are taking work, and how fast. */
export function ping(deps: JobsDeps) {
  return async (principal: Principal, input: PingInput): Promise<Enqueued[]> => {
    const access = allow(principal, 'job.manage');
    const checks: [string, number, number, number][] = [
      ['--count', input.count, 1, MAX_PING],
      ['--sleep-ms', input.sleepMs, 0, 3_600_000],
      ['--lease', input.leaseSeconds ?? 1, 1, 86_400],
    ];
    for (const [flag, value, min, max] of checks) {
      if (!Number.isInteger(value) || value < min || value > max) {
        throw JOBS_ERRORS.badNumber({ flag, min, max, value: String(value) });
      }
    }
    const owner = ownerOf(access);
    return access.change(deps.uow, async ({ jobs, record }) => {
      const queued: Enqueued[] = [];
      for (let i = 0; i < input.count; i++) {
        queued.push(
          await jobs.enqueue({
            queue: QUEUES.ping,
            data: { owner, kind: 'ping', input: { sleepMs: input.sleepMs } },
            leaseSeconds: input.leaseSeconds,
          }),
        );
      }
      await record({
        action: 'job.queued',
        targetType: 'queue',
        targetId: QUEUES.ping,
        details: { count: input.count, sleepMs: input.sleepMs, first: queued[0]?.id ?? null },
      });
      return queued;
    });
  };
}
