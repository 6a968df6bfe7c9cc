import type { Shared, StoreFactory } from '../../module.js';
import { filePlanCatalog } from './adapters/files/plan-file.js';
import { kyselyBillingStore } from './adapters/persistence/kysely-billing-store.js';
import { kyselyEntitlements } from './adapters/persistence/kysely-entitlements.js';
import {
  createCheckout,
  customerPortal,
  setManualPlan,
  syncCustomer,
  syncSubscription,
} from './application/billing.commands.js';
import { billingStatus, invoicePdf, listInvoices, listPlans } from './application/billing.queries.js';
import { handleWebhook } from './application/handle-webhook.command.js';
import type { BillingDeps, BillingSettings, BillingStore } from './application/ports.js';
import { periodStart } from './domain/plans.js';

const settingsOf = (options: Readonly<Record<string, any>>): BillingSettings =>
  (options.billing ?? {}) as BillingSettings;

/** Billing's stores: its own repositories and the entitlements every limited use case consults. */
export async function billingStores(): Promise<StoreFactory> {
  return (executor, shared) => {
    const settings = settingsOf(shared.options);
    const catalog = filePlanCatalog(settings.plansFile);
    let entitlements: ReturnType<typeof kyselyEntitlements> | undefined;
    return {
      billing: kyselyBillingStore(executor),
      entitlements: {
        async reserve(
          orgId: string,
          limit: Parameters<ReturnType<typeof kyselyEntitlements>['reserve']>[1],
          adding?: number,
        ) {
          entitlements ??= kyselyEntitlements(executor, shared, await catalog.plans(), settings.graceDays ?? 7);
          return entitlements.reserve(orgId, limit, adding);
        },
      },
    };
  };
}

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
      for (const [metric, count] of Object.entries(shared.usage)) counts[metric] = await count(shared.db, orgId, since);
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
    handleWebhook: handleWebhook(deps),
  };
}
