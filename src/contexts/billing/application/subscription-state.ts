import type { BillingAccount } from '../domain/account.js';
import type { Plan } from '../domain/plans.js';
import type { SubscriptionStatus } from '../domain/account.js';
import type { SubscriptionState } from './ports.js';

/** The plan whose Stripe price a subscription pays. */
export function planOfPrice(plans: readonly Plan[], priceId: string | null): Plan | undefined {
  return priceId ? plans.find((p) => Object.values(p.prices).includes(priceId)) : undefined;
}

/** A subscription's state applied to an account; `stateAt` is when Stripe said so. */
export function applySubscription(
  account: BillingAccount,
  subscription: SubscriptionState,
  plans: readonly Plan[],
  stateAt: Date,
  now: Date,
): BillingAccount {
  const plan = planOfPrice(plans, subscription.priceId);
  const pastDue = subscription.status === 'past_due';
  return {
    ...account,
    customerId: account.customerId ?? subscription.customerId,
    subscriptionId: subscription.id,
    plan: plan?.id ?? account.plan,
    status: subscription.status,
    interval: subscription.interval,
    currentPeriodEnd: subscription.currentPeriodEnd,
    pastDueSince: pastDue
      ? account.status === 'past_due' && account.pastDueSince
        ? account.pastDueSince
        : stateAt
      : null,
    stateAt,
    updatedAt: now,
  };
}

/** A Stripe subscription object (from the API or a webhook) reduced to what billing keeps. */
export function subscriptionState(subscription: Record<string, any>): SubscriptionState {
  const item = subscription.items?.data?.[0];
  const end = item?.current_period_end ?? subscription.current_period_end;
  return {
    id: String(subscription.id),
    customerId: typeof subscription.customer === 'string' ? subscription.customer : String(subscription.customer?.id),
    status: subscription.status as SubscriptionStatus,
    priceId: item?.price?.id ?? null,
    interval: item?.price?.recurring?.interval ?? null,
    currentPeriodEnd: typeof end === 'number' ? new Date(end * 1000) : null,
  };
}
