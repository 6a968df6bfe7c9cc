import { defineVerb } from '../../../../../module.js';
import { ORGANIZATION_FIELDS } from './view.js';

export interface ListOptions {
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  output: { fields: ORGANIZATION_FIELDS, list: true },
  examples: ['renfe org list', 'renfe org list --json', 'renfe org list --json slug,name', 'renfe org list | cut -f2'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal({ withoutOrg: true });
    const runtime = await ctx.runtime();
    const orgs = await app.auth.listOrganizations(principal);
    const current = principal.org?.slug ?? runtime.orgSlug;
    if (orgs.length === 0 && !ctx.globals.json) {
      ctx.say('You belong to no organisation yet: `renfe org create <name>`.');
      return;
    }
    await ctx.list(
      orgs,
      [
        { header: '', value: (o) => (o.slug === current ? '*' : '') },
        { header: 'SLUG', value: (o) => o.slug },
        { header: 'NAME', value: (o) => o.name },
        { header: 'ROLE', value: (o) => o.role },
        { header: 'STATUS', value: (o) => o.status },
      ],
      { limit: opts.limit },
    );
  },
});
