import { defineErrors } from '../../kernel/errors.js';

/** Every error the billing context raises (see src/kernel/errors.ts). */
export const BILLING_ERRORS = defineErrors({
  limitReached: {
    code: 'BILLING.LIMIT_REACHED',
    kind: 'limit-reached',
    message: 'plan limit reached: {limit} is {usage} of {allowed} on the {plan} plan',
    hint: 'upgrade with `renfe billing checkout --plan {upgrade}`',
    meaning: 'a write would take the organisation over a limit of its plan; nothing was written',
  },
  unknownPlan: {
    code: 'BILLING.UNKNOWN_PLAN',
    kind: 'invalid-input',
    message: 'no plan "{plan}"; plans: {plans}',
    meaning: 'a plan id that the plans file does not define',
  },
  noPrice: {
    code: 'BILLING.NO_PRICE',
    kind: 'invalid-input',
    message: 'plan {plan} has no Stripe price for the {interval} interval',
    hint: 'set prices.{interval} for it in the plans file (billing.plansFile)',
    meaning: 'checkout was asked for a plan and interval without a Stripe price id',
  },
  badPlansFile: {
    code: 'BILLING.BAD_PLANS_FILE',
    kind: 'invalid-input',
    message: '{file}: {problem}',
    meaning: 'the plans file is unreadable or does not match its schema',
  },
  badDate: {
    code: 'BILLING.BAD_DATE',
    kind: 'invalid-input',
    message: '--until must be a date as YYYY-MM-DD after today, got "{value}"',
    meaning: '`billing plan set --until` was not a future date',
  },
  notConfigured: {
    code: 'BILLING.NOT_CONFIGURED',
    kind: 'not-configured',
    message: 'Stripe is not configured: {missing} is not set',
    hint: '{howTo}',
    meaning:
      'a command that talks to Stripe ran without a Stripe secret key (or a webhook without its signing secret); nothing else needs one',
  },
  noCustomer: {
    code: 'BILLING.NO_CUSTOMER',
    kind: 'conflict',
    message: 'this organisation has no Stripe customer yet',
    hint: 'run `renfe billing customer sync` first',
    meaning: 'a Stripe command that needs the organisation’s customer ran before `billing customer sync`',
  },
  stripeFailed: {
    code: 'BILLING.STRIPE_FAILED',
    kind: 'unavailable',
    message: 'Stripe refused or could not be reached: {reason}',
    meaning: 'the Stripe API returned an error or did not answer',
  },
  badSignature: {
    code: 'BILLING.BAD_SIGNATURE',
    kind: 'bad-signature',
    message: 'webhook signature does not verify: {reason}',
    meaning:
      'a webhook payload whose Stripe-Signature is missing, forged, made with another secret or older than the tolerance; nothing was changed',
  },
  badPayload: {
    code: 'BILLING.BAD_PAYLOAD',
    kind: 'invalid-input',
    message: 'webhook payload {problem}',
    meaning: 'the webhook payload could not be read or is not a Stripe event',
  },
  noInvoice: {
    code: 'BILLING.NO_INVOICE',
    kind: 'not-found',
    message: 'no invoice {id} for this organisation',
    hint: 'run `renfe billing invoices`',
    meaning: 'an invoice id that is not among the organisation’s invoices',
  },
});
