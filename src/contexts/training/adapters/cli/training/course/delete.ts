import { defineVerb } from '../../../../../../module.js';

export interface DeleteOptions {
  readonly course: string;
}

export default defineVerb<DeleteOptions>({
  description: 'id deletes every version (and the assignments); id@version one version. A course someone took stays.',
  examples: ['renfe training course delete our-induction', 'renfe training course delete phishing@2'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.training.deleteCourse(principal, opts.course);
    ctx.data(result, () => '');
    ctx.done(`Deleted ${result.deleted.join(', ')}.`);
  },
});
