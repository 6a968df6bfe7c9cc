import { defineVerb } from '../../../../../module.js';
import { ORGANIZATION_DETAIL_FIELDS } from './view.js';

export interface ShowOptions {
  readonly slug?: string;
}

export default defineVerb<ShowOptions>({
  output: { fields: ORGANIZATION_DETAIL_FIELDS },
  examples: ['renfe org show', 'renfe org show acme --json', 'renfe org show --json members,owners'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const detail = await app.auth.showOrganization(principal, opts.slug);
    const { fields } = await import('../../../../../cli/table.js');
    ctx.data(detail, () =>
      fields([
        ['slug', detail.slug],
        ['name', detail.name],
        ['your role', detail.role],
        ['members', detail.members],
        ['owners', detail.owners],
        ['created', detail.createdAt],
      ]),
    );
  },
});
