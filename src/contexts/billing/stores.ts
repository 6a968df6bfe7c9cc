import type { StoreFactory } from '../../module.js';
import { filePlanCatalog } from './adapters/files/plan-file.js';
import { kyselyBillingStore } from './adapters/persistence/kysely-billing-store.js';
import { kyselyEntitlements } from './adapters/persistence/kysely-entitlements.js';
import type { BillingSettings } from './application/ports.js';
import type { LimitName } from '../../kernel/entitlements.js';

export const billingSettingsOf = (options: Readonly<Record<string, any>>): BillingSettings =>
  (options.billing ?? {}) as BillingSettings;

/** Billing's stores: its own repositories and the entitlements every limited use case consults. */
export async function billingStores(): Promise<StoreFactory> {
  return (executor, shared) => {
    const settings = billingSettingsOf(shared.options);
    const catalog = filePlanCatalog(settings.plansFile);
    let entitlements: ReturnType<typeof kyselyEntitlements> | undefined;
    return {
      billing: kyselyBillingStore(executor),
      entitlements: {
        async reserve(orgId: string, limit: LimitName, adding?: number) {
          entitlements ??= kyselyEntitlements(executor, shared, await catalog.plans(), settings.graceDays ?? 7);
          return entitlements.reserve(orgId, limit, adding);
        },
      },
    };
  };
}
