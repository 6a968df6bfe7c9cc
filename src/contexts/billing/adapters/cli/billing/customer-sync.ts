import { defineVerb } from '../../../../../module.js';

export type CustomerSyncOptions = Record<string, never>;

export default defineVerb<CustomerSyncOptions>({
  examples: ['renfe billing customer sync'],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const customer = await app.billing.syncCustomer(principal);
    ctx.data(customer, () => customer.id);
    ctx.done(`Stripe customer ${customer.id} ${customer.created ? 'created' : 'updated'}.`);
  },
});
