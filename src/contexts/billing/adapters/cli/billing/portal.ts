import { defineVerb } from '../../../../../module.js';

export type PortalOptions = Record<string, never>;

export default defineVerb<PortalOptions>({
  examples: ['renfe billing portal'],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const portal = await app.billing.portal(principal);
    ctx.data(portal, () => portal.url);
  },
});
