import { defineVerb } from '../../../../../module.js';

export interface DeleteOptions {
  readonly survey: string;
}

export default defineVerb<DeleteOptions>({
  examples: ['renfe survey delete security-culture@3'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.survey.delete(principal, opts.survey);
    ctx.data(result, () => '');
    ctx.done(`Deleted survey ${result.deleted}.`);
  },
});
