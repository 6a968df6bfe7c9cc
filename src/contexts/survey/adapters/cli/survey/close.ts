import { defineVerb } from '../../../../../module.js';

export interface CloseOptions {
  readonly survey: string;
}

export default defineVerb<CloseOptions>({
  examples: ['renfe survey close security-culture', 'renfe survey close security-culture@2'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const s = await app.survey.close(principal, opts.survey);
    ctx.data(s, () => '');
    ctx.done(`Survey ${s.survey}@${s.version} is ${s.status}.`);
  },
});
