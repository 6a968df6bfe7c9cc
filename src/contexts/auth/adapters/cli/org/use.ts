import { defineVerb } from '../../../../../module.js';

export interface UseOptions {
  readonly slug: string;
}

export default defineVerb<UseOptions>({
  examples: ['renfe org use hospital-central'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal({ withoutOrg: true });
    const detail = await app.auth.showOrganization(principal, opts.slug);
    const runtime = await ctx.runtime();
    runtime.config.setSetting(runtime.profileName, 'org', detail.slug);
    ctx.done(`Now acting on ${detail.name} (${detail.slug}) in profile ${runtime.profileName}.`);
  },
});
