import { defineVerb, type VerbDefinition } from '../../../../../module.js';
import { memberView } from './view.js';

export interface StatusOptions {
  readonly email: string;
}

/** `user disable` and `user enable`: one verb each, the same steps. */
export function statusVerb(verb: 'disable' | 'enable', status: 'disabled' | 'active'): VerbDefinition<StatusOptions> {
  return defineVerb<StatusOptions>({
    examples: [`renfe user ${verb} luis@acme.test`],
    async run(opts, ctx) {
      const { app, principal } = await ctx.principal();
      const member = await app.auth.setUserStatus(principal, opts.email, status);
      ctx.done(`${member.email} is ${member.status}.`);
      if (ctx.globals.json) await memberView(ctx, member);
    },
  });
}
