import { defineVerb } from '../../../../../module.js';

export interface DeleteOptions {
  readonly id: string;
}

export default defineVerb<DeleteOptions>({
  examples: ['renfe assessment delete k3m9x2pq'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    await app.assessment.delete(principal, opts.id);
    ctx.done(`Deleted assessment ${opts.id}.`);
  },
});
