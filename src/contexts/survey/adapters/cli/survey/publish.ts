import { defineVerb } from '../../../../../module.js';

export interface PublishOptions {
  readonly survey: string;
}

export default defineVerb<PublishOptions>({
  examples: ['renfe survey publish security-culture', 'renfe survey publish security-culture@2'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const s = await app.survey.publish(principal, opts.survey);
    ctx.data(s, () => '');
    ctx.done(`Survey ${s.survey}@${s.version} is ${s.status}.`);
  },
});
