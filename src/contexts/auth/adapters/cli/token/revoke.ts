import { defineVerb } from '../../../../../module.js';

export interface RevokeOptions {
  readonly idOrName: string;
}

export default defineVerb<RevokeOptions>({
  examples: ['renfe token revoke ci-reports'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const revoked = await app.auth.revokeToken(principal, opts.idOrName);
    ctx.done(`Token ${revoked.name} revoked.`);
    if (ctx.globals.json) ctx.data(revoked, () => '');
  },
});
