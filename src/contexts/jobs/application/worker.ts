import { newId } from '../../../kernel/ids.js';
import { errorText, type Job, type QueueName } from '../domain/job.js';
import { type RunContext, runJob } from './run-job.js';
import type { JobsDeps } from './ports.js';

export interface WorkerOptions extends RunContext {
  readonly queues: readonly QueueName[];
  readonly concurrency: number;
  /** How long to wait between polls when every queue is empty (milliseconds). */
  readonly pollMs: number;
  /** How often leases are checked and schedules run (seconds). */
  readonly maintenanceSeconds: number;
  readonly onEvent?: ((event: WorkerEvent) => void) | undefined;
}

export type WorkerEvent =
  | { readonly type: 'started'; readonly engine: string }
  | { readonly type: 'job-started'; readonly job: Job }
  | { readonly type: 'job-completed'; readonly job: Job; readonly ms: number }
  | {
      readonly type: 'job-failed';
      readonly job: Job;
      readonly ms: number;
      readonly error: string;
      readonly final: boolean;
    }
  | { readonly type: 'job-released'; readonly job: Job }
  | { readonly type: 'poll-failed'; readonly error: string }
  | { readonly type: 'stopping'; readonly holding: number }
  | { readonly type: 'stopped'; readonly completed: number; readonly failed: number; readonly released: number };

export interface RunningWorker {
  /**
   * Stops taking work, waits up to `graceMs` for the jobs it holds, then
   * releases the rest to the queue (they run again elsewhere); resolves once
   * nothing is held.
   */
  stop(graceMs: number): Promise<void>;
  /** Resolves when the worker has stopped. */
  readonly done: Promise<void>;
}

/** Waits `ms`, or until woken; the timer never outlives the wait. */
function sleep(ms: number, wake: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), wake]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * A worker: claims due jobs from its queues (never more than `concurrency` at
 * once), runs each as its owner, records every run, and completes or fails it
 * in the queue, which retries with backoff and dead-letters.
 */
export function startWorker(deps: JobsDeps) {
  const run = runJob(deps);
  return async (options: WorkerOptions): Promise<RunningWorker> => {
    const queue = await deps.queue();
    await queue.startWorking({ maintenanceSeconds: options.maintenanceSeconds });
    const emit = (event: WorkerEvent) => options.onEvent?.(event);
    emit({ type: 'started', engine: queue.engine });

    const held = new Map<string, { job: Job; runId: string; released: boolean; abort: AbortController }>();
    const running = new Set<Promise<void>>();
    let stopping = false;
    let wakeUp: () => void = () => {};
    let wake = new Promise<void>((resolve) => (wakeUp = resolve));
    const totals = { completed: 0, failed: 0, released: 0 };

    async function execute(job: Job): Promise<void> {
      const runId = newId();
      const entry = { job, runId, released: false, abort: new AbortController() };
      held.set(job.id, entry);
      const started = deps.clock.now();
      emit({ type: 'job-started', job });
      await deps.uow.read.runs.start({
        id: runId,
        jobId: job.id,
        queue: job.queue,
        orgId: job.data.owner.orgId,
        attempt: job.attempts,
        worker: options.worker,
        startedAt: started,
        finishedAt: null,
        outcome: 'running',
        error: null,
      });
      let outcome: 'completed' | 'failed' = 'completed';
      let error: string | null = null;
      let output: unknown;
      try {
        output = await run(job, options, entry.abort.signal);
      } catch (e) {
        outcome = 'failed';
        error = errorText(e);
      }
      if (entry.released) return; // given back to the queue on stop: the result no longer counts
      held.delete(job.id);
      const at = deps.clock.now();
      const ms = at.getTime() - started.getTime();
      if (outcome === 'completed') {
        await queue.complete(job, output);
        totals.completed++;
        emit({ type: 'job-completed', job, ms });
      } else {
        await queue.fail(job, error as string);
        totals.failed++;
        emit({ type: 'job-failed', job, ms, error: error as string, final: job.attempts > job.retryLimit });
      }
      await deps.uow.read.runs.finish(runId, at, outcome, error);
    }

    // Each schedule has a queue of its own: this worker takes the jobs of those whose kind runs on its queues.
    let queues: readonly string[] = options.queues;
    let schedulesSeen = 0;
    async function refreshQueues(): Promise<void> {
      const now = Date.now();
      if (now - schedulesSeen < options.maintenanceSeconds * 1000) return;
      schedulesSeen = now;
      try {
        const scheduled = (await queue.schedules(null))
          .filter((s) => options.queues.includes(s.queue))
          .map((s) => s.scheduleQueue);
        queues = [...options.queues, ...new Set(scheduled)];
      } catch (e) {
        emit({ type: 'poll-failed', error: errorText(e) });
      }
    }

    async function loop(): Promise<void> {
      let next = 0;
      while (!stopping) {
        let claimed = 0;
        await refreshQueues();
        for (let i = 0; i < queues.length && !stopping; i++) {
          const free = options.concurrency - held.size;
          if (free <= 0) break;
          const name = queues[(next + i) % queues.length] as string;
          let jobs: Job[] = [];
          try {
            jobs = await queue.fetch(name, free);
          } catch (e) {
            emit({ type: 'poll-failed', error: errorText(e) });
          }
          claimed += jobs.length;
          for (const job of jobs) {
            const p: Promise<void> = execute(job)
              .catch((e: unknown) => emit({ type: 'poll-failed', error: errorText(e) }))
              .finally(() => {
                running.delete(p);
                wakeUp();
              });
            running.add(p);
          }
        }
        next = (next + 1) % Math.max(1, queues.length);
        if (stopping) break;
        if (claimed === 0 || held.size >= options.concurrency) {
          await sleep(claimed === 0 ? options.pollMs : options.pollMs * 4, wake);
          wake = new Promise<void>((resolve) => (wakeUp = resolve));
        }
      }
    }

    const looping = loop();
    let resolveDone: () => void = () => {};
    let rejectDone: (error: unknown) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    looping.catch(rejectDone);
    let stopped: Promise<void> | undefined;

    return {
      done,
      stop(graceMs: number) {
        stopped ??= (async () => {
          stopping = true;
          wakeUp();
          await looping;
          emit({ type: 'stopping', holding: held.size });
          const deadline = Date.now() + graceMs;
          while (running.size > 0 && Date.now() < deadline) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([
              Promise.race(running),
              new Promise((r) => (timer = setTimeout(r, Math.max(1, deadline - Date.now())))),
            ]);
            // A pending grace timer would keep the process alive after the worker stopped.
            clearTimeout(timer);
          }
          for (const entry of held.values()) {
            entry.released = true;
            entry.abort.abort();
            await queue.fail(entry.job, 'released: its worker stopped before finishing it');
            await deps.uow.read.runs.finish(entry.runId, deps.clock.now(), 'released', null);
            totals.released++;
            emit({ type: 'job-released', job: entry.job });
          }
          held.clear();
          await queue.close();
          emit({ type: 'stopped', ...totals });
        })().then(resolveDone, (error: unknown) => {
          rejectDone(error);
          throw error;
        });
        return stopped;
      },
    };
  };
}
