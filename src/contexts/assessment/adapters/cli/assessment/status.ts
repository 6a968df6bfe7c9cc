import { defineVerb, type VerbDefinition } from '../../../../../module.js';
import type { Transition } from '../../../application/lifecycle.command.js';
import { words } from './view.js';

export interface StatusOptions {
  readonly id: string;
}

/** `assessment start|review|finalize|reopen`: one verb each, the same steps. */
export function statusVerb(transition: Transition): VerbDefinition<StatusOptions> {
  return defineVerb<StatusOptions>({
    examples: [`renfe assessment ${transition} k3m9x2pq`],
    async run(opts, ctx) {
      const { app, principal } = await ctx.principal();
      const result = await app.assessment.changeStatus(principal, opts.id, transition);
      ctx.data(result, () => result.sealedHash ?? '');
      ctx.done(
        `Assessment ${opts.id} is now ${words(result.status)}${result.sealedHash ? ` (sealed ${result.sealedHash.slice(0, 16)}…)` : ''}.`,
      );
    },
  });
}
