import { defineVerb } from '../../../../../module.js';

export interface UnscheduleOptions {
  readonly name: string;
}

export default defineVerb<UnscheduleOptions>({
  examples: ['renfe jobs unschedule overdue-reminders'],
  description: 'No more jobs come from the schedule; the jobs it already queued stay, and run.',
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    await app.jobs.unschedule(principal, opts.name);
    ctx.done(`Removed the schedule ${opts.name}.`);
  },
});
