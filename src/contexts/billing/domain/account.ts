import { FREE_PLAN } from './plans.js';

/** Stripe's subscription states. */
export const SUBSCRIPTION_STATUSES = [
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** What billing knows of one organisation. */
export interface BillingAccount {
  readonly orgId: string;
  readonly customerId: string | null;
  readonly subscriptionId: string | null;
  readonly plan: string | null;
  readonly status: SubscriptionStatus | null;
  readonly interval: string | null;
  readonly currentPeriodEnd: Date | null;
  readonly pastDueSince: Date | null;
  /** When Stripe created the newest subscription event applied (out-of-order guard). */
  readonly stateAt: Date | null;
  readonly manualPlan: string | null;
  readonly manualUntil: Date | null;
  readonly updatedAt: Date;
}

export interface EffectivePlan {
  readonly plan: string;
  /** Why this plan applies, in words. */
  readonly because: string;
  /** The end of a past_due grace period, when in one. */
  readonly graceEnds: Date | null;
}

/**
 * The plan whose limits apply now. A manual plan (until its date) wins; then
 * a trialing or active subscription; a past_due one keeps its plan for
 * `graceDays`; anything else (canceled, unpaid, incomplete, none) is free.
 */
export function effectivePlan(account: BillingAccount | null, now: Date, graceDays: number): EffectivePlan {
  if (account?.manualPlan && (!account.manualUntil || account.manualUntil > now)) {
    return {
      plan: account.manualPlan,
      because: account.manualUntil
        ? `set by hand until ${account.manualUntil.toISOString().slice(0, 10)}`
        : 'set by hand',
      graceEnds: null,
    };
  }
  if (account?.plan && (account.status === 'active' || account.status === 'trialing')) {
    return { plan: account.plan, because: `subscription ${account.status}`, graceEnds: null };
  }
  if (account?.plan && account.status === 'past_due') {
    const since = account.pastDueSince ?? account.updatedAt;
    const graceEnds = new Date(since.getTime() + graceDays * 86_400_000);
    if (now < graceEnds) {
      return {
        plan: account.plan,
        because: `payment past due (grace until ${graceEnds.toISOString().slice(0, 10)})`,
        graceEnds,
      };
    }
    return { plan: FREE_PLAN, because: 'payment past due beyond the grace period', graceEnds };
  }
  if (account?.status) return { plan: FREE_PLAN, because: `subscription ${account.status}`, graceEnds: null };
  return { plan: FREE_PLAN, because: 'no subscription', graceEnds: null };
}
