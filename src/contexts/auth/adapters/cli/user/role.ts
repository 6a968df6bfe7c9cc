import { defineVerb } from '../../../../../module.js';
import { memberView } from './view.js';

export interface RoleOptions {
  readonly email: string;
  readonly role: string;
}

export default defineVerb<RoleOptions>({
  examples: ['renfe user role luis@acme.test admin'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const member = await app.auth.changeRole(principal, { email: opts.email, role: opts.role as never });
    ctx.done(`${member.email} is now ${member.role}.`);
    if (ctx.globals.json) await memberView(ctx, member);
  },
});
