import { defineVerb } from '../../../module.js';

export interface UseOptions {
  readonly name: string;
}

export default defineVerb<UseOptions>({
  examples: ['renfe profile use default'],
  async run(opts, ctx) {
    const runtime = await ctx.runtime();
    runtime.config.useProfile(opts.name);
    ctx.done(`Profile ${opts.name} is now current.`);
  },
});
