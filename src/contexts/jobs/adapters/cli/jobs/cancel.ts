import { defineVerb } from '../../../../../module.js';
import { jobView } from './view.js';

export interface CancelOptions {
  readonly id: string;
}

export default defineVerb<CancelOptions>({
  examples: ['renfe jobs cancel 7f9c2b1e-5d4a-4c1b-9e0f-2a3b4c5d6e7f'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const job = await app.jobs.cancel(principal, opts.id);
    ctx.done(`Job ${job.id} is cancelled (${job.summary}).`);
    if (ctx.globals.json) await jobView(ctx, job);
  },
});
