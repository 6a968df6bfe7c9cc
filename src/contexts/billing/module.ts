import { defineModule, noun, verb } from '../../module.js';
import { BILLING_PERMISSIONS } from './domain/permissions.js';

/** Plans and their limits, Stripe customers, checkout, subscriptions, invoices and webhooks. */
export const billingModule = defineModule({
  name: 'billing',
  migrations: {
    '0006-billing': () => import('./adapters/persistence/migrations/0006-billing.js'),
  },
  permissions: BILLING_PERMISSIONS,
  errors: async () => (await import('./errors.js')).BILLING_ERRORS,
  stores: async () => (await import('./stores.js')).billingStores(),
  wire: async (shared) => (await import('./wiring.js')).wireBilling(shared),
  commands: [
    noun('billing', 'plans and their limits, subscription and invoices (Stripe)'),
    verb('billing plans', 'list the plans and their limits', () => import('./adapters/cli/billing/plans.js')),
    verb(
      'billing status',
      "the organisation's plan, period, usage against each limit and subscription state",
      () => import('./adapters/cli/billing/status.js'),
    ),
    noun('billing plan', 'plans set by hand, for firms that invoice outside Stripe'),
    verb(
      'billing plan set <plan>',
      'set the plan by hand (owners; audited)',
      () => import('./adapters/cli/billing/plan-set.js'),
    ),
    noun('billing customer', "the organisation's Stripe customer"),
    verb(
      'billing customer sync',
      "create or update the organisation's Stripe customer",
      () => import('./adapters/cli/billing/customer-sync.js'),
    ),
    verb(
      'billing checkout',
      'start a subscription: prints a Stripe Checkout URL',
      () => import('./adapters/cli/billing/checkout.js'),
    ),
    verb(
      'billing portal',
      'print a Stripe Customer Portal URL (payment method, invoices, cancel)',
      () => import('./adapters/cli/billing/portal.js'),
    ),
    verb(
      'billing invoices',
      'list invoices from Stripe (a local copy is kept for offline reading)',
      () => import('./adapters/cli/billing/invoices.js'),
    ),
    verb('billing invoice <id>', "write an invoice's PDF", () => import('./adapters/cli/billing/invoice.js')),
    verb(
      'billing sync',
      'reconcile the subscription and invoices with Stripe, and report what changed',
      () => import('./adapters/cli/billing/sync.js'),
    ),
    noun('billing webhook', 'Stripe webhook events: verified by signature, processed once'),
    verb(
      'billing webhook handle',
      'verify and process one Stripe event',
      () => import('./adapters/cli/billing/webhook/handle.js'),
    ),
    verb(
      'billing webhook listen',
      'receive Stripe events over HTTP on loopback until stopped',
      () => import('./adapters/cli/billing/webhook/listen.js'),
    ),
  ],
});
