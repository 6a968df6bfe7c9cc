import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOB_STATES, type JobState, QUEUES } from '../domain/job.js';
import type { DeliveryStatus } from '../domain/mail.js';
import { isScheduleQueue } from '../domain/schedule.js';
import type { JobsDeps } from './ports.js';

export interface JobsStatusDto {
  engine: 'pg-boss' | 'sqlite';
  queues: { queue: string; counts: Record<JobState, number> }[];
  /** Workers that started a job in the last 15 minutes. */
  workers: { worker: string; lastSeen: string; runs: number }[];
  /** Jobs running now, and how long each has held its lease. */
  active: { id: string; queue: string; kind: string; startedAt: string | null; leaseSeconds: number }[];
  mail: Record<DeliveryStatus, number>;
  schedules: { name: string; queue: string; cron: string; timezone: string; kind: string }[];
}

const RECENT_MINUTES = 15;

/** The queue's health for the organisation: counts by state, recent workers, what runs now, mail results. */
export function jobsStatus(deps: JobsDeps) {
  return async (principal: Principal): Promise<JobsStatusDto> => {
    const { orgId } = allow(principal, 'job.read');
    const queue = await deps.queue();
    const counts = await queue.counts(orgId);
    const row = (name: string, of: (queue: string) => boolean) => {
      const byState = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const c of counts) if (of(c.queue)) byState[c.state] += c.count;
      return { queue: name, counts: byState };
    };
    // The jobs of every schedule's own queue, together.
    const queues = [
      ...Object.values(QUEUES).map((name) => row(name, (q) => q === name)),
      row('scheduled', isScheduleQueue),
    ];
    const since = new Date(deps.clock.now().getTime() - RECENT_MINUTES * 60_000);
    const active = await queue.list(orgId, { state: 'active', limit: 100 });
    return {
      engine: queue.engine,
      queues,
      workers: (await deps.uow.read.runs.workers(since)).map((w) => ({ ...w, lastSeen: w.lastSeen.toISOString() })),
      active: active.map((j) => ({
        id: j.id,
        queue: j.queue,
        kind: j.data.kind,
        startedAt: j.startedAt?.toISOString() ?? null,
        leaseSeconds: j.leaseSeconds,
      })),
      mail: await deps.uow.read.deliveries.counts(orgId),
      schedules: (await queue.schedules(orgId)).map((s) => ({
        name: s.name,
        queue: s.queue,
        cron: s.cron,
        timezone: s.timezone,
        kind: s.kind,
      })),
    };
  };
}
