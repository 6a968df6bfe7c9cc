import { defineVerb } from '../../../../../module.js';
import { MEMBER_FIELDS } from './view.js';

export interface ListOptions {
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  output: { fields: MEMBER_FIELDS, list: true },
  examples: ['renfe user list', 'renfe --org acme user list --json email,role', 'renfe user list | cut -f1'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const members = await app.auth.listUsers(principal);
    await ctx.list(
      members,
      [
        { header: 'EMAIL', value: (m) => m.email },
        { header: 'NAME', value: (m) => m.name },
        { header: 'ROLE', value: (m) => m.role },
        { header: 'STATUS', value: (m) => m.status },
      ],
      { limit: opts.limit },
    );
  },
});
