import { defineVerb } from '../../../../../module.js';

export type PlansOptions = { readonly limit?: string };

const show = (n: number | null) => (n === null ? 'unlimited' : String(n));

export default defineVerb<PlansOptions>({
  output: { fields: ['id', 'name', 'limits', 'prices'], list: true },
  examples: ['renfe billing plans', 'renfe billing plans --json id,limits'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const plans = await app.billing.plans(principal);
    await ctx.list(
      plans,
      [
        { header: 'PLAN', value: (p) => p.id },
        { header: 'NAME', value: (p) => p.name },
        { header: 'USERS', value: (p) => show(p.limits.users) },
        { header: 'ASSESSMENTS/MONTH', value: (p) => show(p.limits.assessments_per_month) },
        { header: 'FRAMEWORKS', value: (p) => show(p.limits.imported_frameworks) },
        { header: 'AI/MONTH', value: (p) => show(p.limits.ai_narratives_per_month) },
        { header: 'SURVEYS', value: (p) => show(p.limits.active_surveys) },
        { header: 'COURSES', value: (p) => show(p.limits.courses) },
      ],
      { limit: opts.limit },
    );
  },
});
