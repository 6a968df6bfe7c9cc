import { hostname } from 'node:os';
import { defineVerb } from '../../../../../module.js';
import { JOBS_ERRORS } from '../../../errors.js';
import { type QueueName, WORK_QUEUES } from '../../../domain/job.js';
import type { WorkerEvent } from '../../../application/worker.js';
import { mailSettings } from '../mail/settings.js';
import { wholeNumber } from '../jobs/numbers.js';
import { crossTenant } from '../../../../../kernel/tenant-scope.js';

export interface WorkerOptions {
  readonly queues: string;
  readonly concurrency: string;
  readonly grace: string;
  readonly leaseCheck: string;
  readonly poll: string;
  readonly untilIdle?: boolean;
  readonly mailDryRun?: string;
}

export default defineVerb<WorkerOptions>({
  flags: (c) =>
    c
      .option(
        '--queues <names>',
        `queues to take work from, comma-separated: ${WORK_QUEUES.join(', ')}`,
        WORK_QUEUES.join(','),
      )
      .option('--concurrency <n>', 'jobs run at once by this worker', '1')
      .option('--grace <seconds>', 'on SIGTERM/SIGINT, how long to let running jobs finish before releasing them', '30')
      .option('--lease-check <seconds>', 'how often jobs whose worker died are taken back and schedules run', '30')
      .option('--poll <ms>', 'how long to wait between looks at empty queues', '500')
      .option('--until-idle', 'stop (exit 0) once no job is due')
      .option('--mail-dry-run <dir>', 'write mail as .eml files in this folder instead of sending it'),
  examples: [
    'renfe worker',
    'renfe worker --queues reports --concurrency 2',
    'renfe worker --queues email --mail-dry-run outbox/',
    'renfe worker --until-idle   # drain the queue, then exit',
  ],
  description:
    'Takes jobs from the queue (pg-boss on PostgreSQL, shared by every worker on every machine; a jobs table on SQLite) and runs each as the person or token that queued it. SIGTERM or SIGINT: stops taking work, lets running jobs finish for --grace seconds, releases the rest to the queue, exits 0.',
  async run(opts, ctx) {
    const queues = opts.queues
      .split(',')
      .map((q) => q.trim())
      .filter((q) => q !== '');
    for (const q of queues) {
      if (!(WORK_QUEUES as readonly string[]).includes(q)) {
        throw JOBS_ERRORS.badQueue({ flag: '--queues', queue: q, valid: WORK_QUEUES.join(', ') });
      }
    }
    if (queues.length === 0) throw JOBS_ERRORS.badQueue({ flag: '--queues', queue: '', valid: WORK_QUEUES.join(', ') });
    const concurrency = wholeNumber('--concurrency', opts.concurrency, 1, 64);
    const grace = wholeNumber('--grace', opts.grace, 0, 86_400);
    const leaseCheck = wholeNumber('--lease-check', opts.leaseCheck, 1, 3_600);
    const poll = wholeNumber('--poll', opts.poll, 500, 60_000);
    const app = await ctx.app();
    const mail = await mailSettings(ctx);
    const name = `${hostname()}:${process.pid}`;
    const log = (line: string) => ctx.io.stderr.write(`${new Date().toISOString()} worker ${name}: ${line}\n`);
    const describe = (job: { id: string; queue: string; data: { kind: string }; attempts: number }) =>
      `${job.queue} ${job.id} (${job.data.kind}, attempt ${job.attempts})`;
    let idleSince: number | undefined;
    let active = 0;
    const onEvent = (e: WorkerEvent) => {
      switch (e.type) {
        case 'started':
          log(`started on ${e.engine}, queues ${queues.join(',')}, concurrency ${concurrency}`);
          break;
        case 'job-started':
          active++;
          log(`running ${describe(e.job)}`);
          break;
        case 'job-completed':
          active--;
          log(`completed ${describe(e.job)} in ${e.ms} ms`);
          break;
        case 'job-failed':
          active--;
          log(
            `failed ${describe(e.job)} in ${e.ms} ms: ${e.error}${e.final ? ' (no retries left: dead-lettered)' : ' (will retry)'}`,
          );
          break;
        case 'job-released':
          log(`released ${describe(e.job)} to the queue`);
          break;
        case 'poll-failed':
          log(`could not reach the queue: ${e.error}`);
          break;
        case 'stopping':
          log(`stopping; ${e.holding} job(s) running, waiting up to ${grace}s`);
          break;
        case 'stopped':
          log(`stopped: ${e.completed} completed, ${e.failed} failed, ${e.released} released`);
          break;
      }
      idleSince = active === 0 ? (idleSince ?? Date.now()) : undefined;
    };
    // The worker claims the jobs and due schedules of every organisation; each job then runs as the principal that queued it.
    const worker = await crossTenant('worker', () =>
      app.jobs.worker({
        worker: name,
        queues: queues as QueueName[],
        concurrency,
        pollMs: poll,
        maintenanceSeconds: leaseCheck,
        mail,
        mailDryRunDir: opts.mailDryRun,
        onEvent,
      }),
    );
    const stop = () => void worker.stop(grace * 1000).catch(() => {});
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    let idleCheck: ReturnType<typeof setInterval> | undefined;
    if (opts.untilIdle) {
      idleCheck = setInterval(() => {
        // Idle: nothing has run for two polls, so no job was due.
        if (active === 0 && idleSince !== undefined && Date.now() - idleSince >= poll * 2) stop();
      }, poll);
    }
    try {
      await worker.done;
    } finally {
      if (idleCheck) clearInterval(idleCheck);
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
    }
  },
});
