import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import type { BillingAccount } from '../domain/account.js';
import { INTERVALS, type Interval } from '../domain/plans.js';
import { BILLING_ERRORS } from '../errors.js';
import { gatewayOf } from './billing-access.js';
import { planById } from './billing.queries.js';
import { applySubscription } from './subscription-state.js';
import type { BillingDeps } from './ports.js';

export function blankAccount(orgId: string, at: Date): BillingAccount {
  return {
    orgId,
    customerId: null,
    subscriptionId: null,
    plan: null,
    status: null,
    interval: null,
    currentPeriodEnd: null,
    pastDueSince: null,
    stateAt: null,
    manualPlan: null,
    manualUntil: null,
    updatedAt: at,
  };
}

/** `billing plan set <plan> --until <date>`: for firms that invoice outside Stripe (owners). */
export function setManualPlan(deps: BillingDeps) {
  return async (principal: Principal, input: { plan: string; until?: string | undefined }) => {
    const access = allow(principal, 'billing.plan.set');
    const plan = await planById(deps, input.plan);
    const now = deps.clock.now();
    let until: Date | null = null;
    if (input.until !== undefined) {
      const valid = /^\d{4}-\d{2}-\d{2}$/.test(input.until) && !Number.isNaN(Date.parse(`${input.until}T00:00:00Z`));
      until = valid ? new Date(`${input.until}T23:59:59.999Z`) : null;
      if (!until || until <= now || !until.toISOString().startsWith(input.until)) {
        throw BILLING_ERRORS.badDate({ value: input.until });
      }
    }
    return access.change(deps.uow, async ({ billing, record }) => {
      const repo = billing.forOrg(access.orgId);
      const before = (await repo.get()) ?? blankAccount(access.orgId, now);
      await repo.save({ ...before, manualPlan: plan.id, manualUntil: until, updatedAt: now });
      await record({
        action: 'billing.plan.set',
        targetType: 'organization',
        targetId: access.orgId,
        details: { plan: plan.id, until: until?.toISOString() ?? null, previous: before.manualPlan },
      });
      return { plan: plan.id, until: until?.toISOString().slice(0, 10) ?? null };
    });
  };
}

/** Creates or updates the organisation's Stripe customer. */
export function syncCustomer(deps: BillingDeps) {
  return async (principal: Principal) => {
    const access = allow(principal, 'billing.manage');
    const gateway = await gatewayOf(deps);
    const org = await deps.uow.read.organization(access.orgId);
    const existing = await deps.uow.read.forOrg(access.orgId).get();
    const customer = await gateway.ensureCustomer({
      orgId: access.orgId,
      name: org?.name ?? principal.org!.name,
      email: principal.actor.type === 'user' ? principal.actor.email : null,
      existingId: existing?.customerId ?? null,
    });
    const now = deps.clock.now();
    await access.change(deps.uow, async ({ billing, record }) => {
      const repo = billing.forOrg(access.orgId);
      const before = (await repo.get()) ?? blankAccount(access.orgId, now);
      await repo.save({ ...before, customerId: customer.id, updatedAt: now });
      await record({
        action: customer.created ? 'billing.customer.created' : 'billing.customer.updated',
        targetType: 'organization',
        targetId: access.orgId,
        details: { customer: customer.id },
      });
    });
    return customer;
  };
}

async function customerOf(deps: BillingDeps, principal: Principal, orgId: string): Promise<string> {
  const account = await deps.uow.read.forOrg(orgId).get();
  if (account?.customerId) return account.customerId;
  return (await syncCustomer(deps)(principal)).id;
}

/** A Checkout Session for a plan; prints its URL. The customer is created first when missing. */
export function createCheckout(deps: BillingDeps) {
  return async (principal: Principal, input: { plan: string; interval?: string | undefined }) => {
    const access = allow(principal, 'billing.manage');
    const interval = (input.interval ?? 'month') as Interval;
    if (!(INTERVALS as readonly string[]).includes(interval)) {
      throw BILLING_ERRORS.noPrice({ plan: input.plan, interval: String(input.interval) });
    }
    const plan = await planById(deps, input.plan);
    const priceId = plan.prices[interval];
    if (!priceId) throw BILLING_ERRORS.noPrice({ plan: plan.id, interval });
    const gateway = await gatewayOf(deps);
    const customerId = await customerOf(deps, principal, access.orgId);
    const session = await gateway.createCheckout({
      orgId: access.orgId,
      customerId,
      priceId,
      successUrl: deps.settings.successUrl ?? 'https://renfe.invalid/billing/success',
      cancelUrl: deps.settings.cancelUrl ?? 'https://renfe.invalid/billing/cancel',
    });
    return { plan: plan.id, interval, url: session.url, session: session.id };
  };
}

export function customerPortal(deps: BillingDeps) {
  return async (principal: Principal) => {
    const access = allow(principal, 'billing.manage');
    const gateway = await gatewayOf(deps);
    const account = await deps.uow.read.forOrg(access.orgId).get();
    if (!account?.customerId) throw BILLING_ERRORS.noCustomer();
    return gateway.createPortal(account.customerId, deps.settings.successUrl ?? 'https://renfe.invalid/billing');
  };
}

/** Reconciles the local subscription state and invoice copies with Stripe; reports what changed. */
export function syncSubscription(deps: BillingDeps) {
  return async (principal: Principal) => {
    const access = allow(principal, 'billing.manage');
    const gateway = await gatewayOf(deps);
    const account = await deps.uow.read.forOrg(access.orgId).get();
    if (!account?.customerId) throw BILLING_ERRORS.noCustomer();
    const subscription = await gateway.currentSubscription(account.customerId);
    const invoices = await gateway.listInvoices(account.customerId);
    const plans = await deps.plans.plans();
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ billing, record }) => {
      const repo = billing.forOrg(access.orgId);
      const before = (await repo.get()) ?? blankAccount(access.orgId, now);
      const after = subscription
        ? applySubscription(before, subscription, plans, now, now)
        : {
            ...before,
            subscriptionId: null,
            status: null,
            plan: null,
            interval: null,
            currentPeriodEnd: null,
            pastDueSince: null,
            updatedAt: now,
          };
      await repo.save(after);
      for (const invoice of invoices) await repo.saveInvoice(invoice, now);
      const changes = (['plan', 'status', 'interval', 'subscriptionId'] as const)
        .filter((k) => before[k] !== after[k])
        .map((k) => ({ field: k, before: before[k], after: after[k] }));
      await record({
        action: 'billing.synced',
        targetType: 'organization',
        targetId: access.orgId,
        details: { changes, invoices: invoices.length },
      });
      return { changes, invoices: invoices.length, plan: after.plan, status: after.status };
    });
  };
}
