import type { Kysely, Transaction } from 'kysely';
import type { Entitlements, LimitName } from '../../../../kernel/entitlements.js';
import type { StoreShared } from '../../../../module.js';
import type { Database } from '../../../../persistence/database.js';
import { effectivePlan } from '../../domain/account.js';
import { FREE_PLAN, periodStart, type Plan } from '../../domain/plans.js';
import { BILLING_ERRORS } from '../../errors.js';
import { kyselyBillingStore } from './kysely-billing-store.js';

/**
 * Entitlements over one transaction: lock the organisation's billing row
 * (FOR UPDATE on PostgreSQL; SQLite's writers are already serialised), work
 * out the plan in force, count the usage and refuse what would go over.
 */
export function kyselyEntitlements(
  db: Kysely<Database> | Transaction<Database>,
  shared: StoreShared,
  plans: readonly Plan[],
  graceDays: number,
): Entitlements {
  return {
    async reserve(orgId: string, limit: LimitName, adding = 1) {
      const now = shared.clock.now();
      await db
        .insertInto('billing_accounts')
        .values({ org_id: orgId, updated_at: now.toISOString() })
        .onConflict((oc) => oc.column('org_id').doNothing())
        .execute();
      let locked = db.selectFrom('billing_accounts').select('org_id').where('org_id', '=', orgId);
      if (shared.capabilities.rowLocks) locked = locked.forUpdate();
      await locked.executeTakeFirst();

      const account = await kyselyBillingStore(db).forOrg(orgId).get();
      const effective = effectivePlan(account, now, graceDays);
      const plan = plans.find((p) => p.id === effective.plan) ?? plans.find((p) => p.id === FREE_PLAN);
      const allowed = plan?.limits[limit] ?? null;
      if (allowed === null) return;
      const counter = (await shared.loadUsage())[limit];
      const usage = counter ? await counter(db, orgId, periodStart(now)) : 0;
      if (usage + adding > allowed) {
        const upgrade = plans.find(
          (p) => p.id !== plan?.id && (p.limits[limit] === null || (p.limits[limit] ?? 0) > allowed),
        );
        throw BILLING_ERRORS.limitReached({
          limit,
          usage,
          allowed,
          plan: plan?.id ?? FREE_PLAN,
          upgrade: upgrade?.id ?? 'pro',
        });
      }
    },
  };
}
