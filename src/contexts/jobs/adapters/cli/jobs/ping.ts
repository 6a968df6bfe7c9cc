import { defineVerb } from '../../../../../module.js';
import { wholeNumber } from './numbers.js';

export interface PingOptions {
  readonly count: string;
  readonly sleepMs: string;
  readonly lease?: string;
}

export default defineVerb<PingOptions>({
  flags: (c) =>
    c
      .option('--count <n>', 'how many jobs', '1')
      .option('--sleep-ms <ms>', 'how long each job takes', '0')
      .option('--lease <seconds>', 'how long a worker may hold each job before it is taken back (default 60)'),
  examples: ['renfe jobs ping', 'renfe jobs ping --count 200', 'renfe jobs ping --sleep-ms 5000 --lease 10'],
  async run(opts, ctx) {
    const count = wholeNumber('--count', opts.count, 1, 100_000);
    const sleepMs = wholeNumber('--sleep-ms', opts.sleepMs, 0, 3_600_000);
    const leaseSeconds = opts.lease === undefined ? undefined : wholeNumber('--lease', opts.lease, 1, 86_400);
    const { app, principal } = await ctx.principal();
    const queued = await app.jobs.ping(principal, { count, sleepMs, leaseSeconds });
    ctx.data(
      queued.map((q) => q.id),
      () => queued.map((q) => q.id).join('\n'),
    );
    ctx.done(`Queued ${queued.length} no-op job${queued.length === 1 ? '' : 's'} on the ping queue.`);
  },
});
