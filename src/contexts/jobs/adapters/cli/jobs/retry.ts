import { defineVerb } from '../../../../../module.js';
import { jobView } from './view.js';

export interface RetryOptions {
  readonly id: string;
}

export default defineVerb<RetryOptions>({
  examples: [
    'renfe jobs retry 7f9c2b1e-5d4a-4c1b-9e0f-2a3b4c5d6e7f',
    'renfe jobs list --state failed | cut -f1 | xargs -n1 renfe jobs retry',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const job = await app.jobs.retry(principal, opts.id);
    ctx.done(`Job ${job.id} is queued again (${job.summary}).`);
    if (ctx.globals.json) await jobView(ctx, job);
  },
});
