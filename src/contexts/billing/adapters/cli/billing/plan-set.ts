import { defineVerb } from '../../../../../module.js';

export interface PlanSetOptions {
  readonly plan: string;
  readonly until?: string;
}

export default defineVerb<PlanSetOptions>({
  flags: (c) => c.option('--until <date>', 'last day the plan applies (YYYY-MM-DD); without it, until changed'),
  examples: ['renfe billing plan set enterprise --until 2027-12-31', 'renfe billing plan set free'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.billing.setPlan(principal, { plan: opts.plan, until: opts.until });
    ctx.data(result, () => '');
    ctx.done(`Plan set to ${result.plan}${result.until ? ` until ${result.until}` : ''}.`);
  },
});
