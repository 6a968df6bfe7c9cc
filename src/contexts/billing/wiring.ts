import { acrossTenants } from '../../kernel/tenant-scope.js';
import type { Shared } from '../../module.js';
import { filePlanCatalog } from './adapters/files/plan-file.js';
import {
  createCheckout,
  customerPortal,
  setManualPlan,
  syncCustomer,
  syncSubscription,
} from './application/billing.commands.js';
import { billingStatus, invoicePdf, listInvoices, listPlans } from './application/billing.queries.js';
import { handleWebhook } from './application/handle-webhook.command.js';
import type { BillingDeps, BillingStore } from './application/ports.js';
import { periodStart } from './domain/plans.js';

import { billingSettingsOf as settingsOf } from './stores.js';

export function wireBilling(shared: Shared) {
  const settings = settingsOf(shared.options);
  const deps: BillingDeps = {
    uow: { read: shared.read.billing as BillingStore, run: shared.transaction },
    plans: filePlanCatalog(settings.plansFile),
    gateway: async () =>
      (await import('./adapters/stripe/stripe-payment-gateway.js')).stripePaymentGateway(
        settings.secretKey as string,
        settings.apiBase,
      ),
    verifier: async () => (await import('./adapters/stripe/stripe-payment-gateway.js')).stripeWebhookVerifier(),
    settings,
    clock: shared.clock,
    usage: async (orgId) => {
      const since = periodStart(shared.clock.now());
      const counts: Record<string, number> = {};
      for (const [metric, count] of Object.entries(await shared.loadUsage()))
        counts[metric] = await count(shared.db, orgId, since);
      return counts;
    },
  };
  return {
    plans: listPlans(deps),
    status: billingStatus(deps),
    setPlan: setManualPlan(deps),
    syncCustomer: syncCustomer(deps),
    checkout: createCheckout(deps),
    portal: customerPortal(deps),
    invoices: listInvoices(deps),
    invoicePdf: invoicePdf(deps),
    sync: syncSubscription(deps),
    // An event names a Stripe customer, not a principal: its organisation is found across them.
    handleWebhook: acrossTenants('billing-webhook', handleWebhook(deps)),
  };
}
