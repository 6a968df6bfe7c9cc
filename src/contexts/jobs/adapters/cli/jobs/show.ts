import { defineVerb } from '../../../../../module.js';
import { JOB_DETAIL_FIELDS, jobView } from './view.js';

export interface ShowOptions {
  readonly id: string;
}

export default defineVerb<ShowOptions>({
  output: { fields: JOB_DETAIL_FIELDS },
  examples: ['renfe jobs show 7f9c2b1e-5d4a-4c1b-9e0f-2a3b4c5d6e7f', 'renfe jobs show <id> --json state,attempts,runs'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    await jobView(ctx, await app.jobs.show(principal, opts.id));
  },
});
