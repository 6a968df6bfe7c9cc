import { defineVerb } from '../../../../../../module.js';

export interface AnnulOptions {
  readonly attempt: string;
}

export default defineVerb<AnnulOptions>({
  examples: ['renfe training attempt annul 0f9c…'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const a = await app.training.annul(principal, opts.attempt);
    ctx.data(a, () => '');
    ctx.done(
      `Attempt ${a.id} (${a.email}, ${a.course}@${a.version}) annulled; its certificates now verify as revoked.`,
    );
  },
});
