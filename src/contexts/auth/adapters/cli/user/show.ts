import { defineVerb } from '../../../../../module.js';
import { MEMBER_FIELDS, memberView } from './view.js';

export interface ShowOptions {
  readonly email: string;
}

export default defineVerb<ShowOptions>({
  output: { fields: MEMBER_FIELDS },
  examples: ['renfe user show luis@acme.test', 'renfe user show luis@acme.test --json role,status'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    await memberView(ctx, await app.auth.showUser(principal, opts.email));
  },
});
