import { readFile } from 'node:fs/promises';
import { readAll } from '../../../../../../cli/io.js';
import { defineVerb } from '../../../../../../module.js';
import { BILLING_ERRORS } from '../../../../errors.js';

export interface HandleOptions {
  readonly payload?: string;
  readonly stdin?: boolean;
  readonly signature: string;
}

export default defineVerb<HandleOptions>({
  flags: (c) =>
    c
      .option('--payload <file>', 'the event as Stripe sent it (the raw request body)')
      .option('--stdin', 'read the raw body from stdin instead')
      .requiredOption('--signature <header>', 'the Stripe-Signature header sent with it'),
  description:
    'Needs the webhook signing secret (stripe.webhookSecret or STRIPE_WEBHOOK_SECRET), no login. A bad or stale signature exits 13 and changes nothing; an event seen before is a no-op.',
  examples: [
    'renfe billing webhook handle --payload event.json --signature "$STRIPE_SIGNATURE"',
    'cat event.json | renfe billing webhook handle --stdin --signature "t=...,v1=..." --json',
  ],
  async run(opts, ctx) {
    if (!opts.payload === !opts.stdin) {
      throw BILLING_ERRORS.badPayload({ problem: 'missing: pass exactly one of --payload <file> or --stdin' });
    }
    let payload: string;
    try {
      payload = opts.payload ? await readFile(opts.payload, 'utf8') : await readAll(ctx.io.stdin);
    } catch (error) {
      throw BILLING_ERRORS.badPayload({
        problem: `file ${opts.payload}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      });
    }
    const app = await ctx.app();
    const outcome = await app.billing.handleWebhook(payload, opts.signature);
    ctx.data(outcome, () => `${outcome.event} ${outcome.type}: ${outcome.outcome}`);
  },
});
