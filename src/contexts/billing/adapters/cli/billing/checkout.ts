import { defineVerb } from '../../../../../module.js';

export interface CheckoutOptions {
  readonly plan: string;
  readonly interval: string;
}

export default defineVerb<CheckoutOptions>({
  flags: (c) =>
    c
      .requiredOption('--plan <plan>', 'the plan to subscribe to (see renfe billing plans)')
      .option('--interval <interval>', 'month or year', 'month'),
  examples: ['renfe billing checkout --plan pro', 'renfe billing checkout --plan enterprise --interval year --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const session = await app.billing.checkout(principal, { plan: opts.plan, interval: opts.interval });
    ctx.data(session, () => session.url);
    ctx.say(
      `Open the URL to subscribe to ${session.plan} (${session.interval}ly); renfe learns of it through the webhook or \`renfe billing sync\`.`,
    );
  },
});
