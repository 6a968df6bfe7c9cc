import { defineVerb } from '../../../../../module.js';

export type SyncOptions = Record<string, never>;

export default defineVerb<SyncOptions>({
  examples: ['renfe billing sync', 'renfe billing sync --json'],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.billing.sync(principal);
    ctx.data(result, () =>
      result.changes.length === 0
        ? `No change: plan ${result.plan ?? 'free'}, subscription ${result.status ?? 'none'}.`
        : result.changes.map((c) => `${c.field}: ${c.before ?? '-'} -> ${c.after ?? '-'}`).join('\n'),
    );
    ctx.done(`Synced with Stripe (${result.invoices} invoice${result.invoices === 1 ? '' : 's'}).`);
  },
});
