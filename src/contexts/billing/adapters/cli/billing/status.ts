import { defineVerb } from '../../../../../module.js';

export type StatusOptions = Record<string, never>;

export default defineVerb<StatusOptions>({
  output: {
    fields: [
      'organization',
      'plan',
      'planName',
      'because',
      'period',
      'subscription',
      'manual',
      'customer',
      'stripeConfigured',
      'usage',
    ],
  },
  examples: [
    'renfe billing status',
    'renfe billing status --json usage',
    "renfe billing status --jq '.usage[] | select(.allowed != null and .used >= .allowed) | .limit'",
  ],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const status = await app.billing.status(principal);
    const { fields, table } = await import('../../../../../cli/table.js');
    ctx.data(status, () =>
      [
        fields([
          ['organisation', status.organization],
          ['plan', `${status.planName} (${status.because})`],
          ['period', `${status.period.start} to ${status.period.end}`],
          ['subscription', status.subscription.status ?? 'none'],
          ['renews', status.subscription.currentPeriodEnd?.slice(0, 10)],
          ['stripe', status.stripeConfigured ? 'configured' : 'not configured (renfe config set stripe.secretKey ...)'],
        ]),
        '',
        table(
          ['LIMIT', 'USED', 'ALLOWED'],
          status.usage.map((u) => [u.limit.replace(/_/g, ' '), u.used, u.allowed === null ? 'unlimited' : u.allowed]),
        ),
      ].join('\n'),
    );
  },
});
