import { allow } from '../../auth/index.js';
import { LIMITS, type LimitName } from '../../../kernel/entitlements.js';
import type { Principal } from '../../../kernel/principal.js';
import { effectivePlan } from '../domain/account.js';
import { FREE_PLAN, isMonthly, periodStart, type Plan } from '../domain/plans.js';
import { BILLING_ERRORS } from '../errors.js';
import { gatewayOf } from './billing-access.js';
import type { BillingDeps, InvoiceRecord } from './ports.js';

export interface PlanDto {
  readonly id: string;
  readonly name: string;
  readonly limits: Readonly<Record<LimitName, number | null>>;
  readonly prices: Readonly<Partial<Record<'month' | 'year', string>>>;
}

export function listPlans(deps: BillingDeps) {
  return async (principal: Principal): Promise<PlanDto[]> => {
    allow(principal, 'org.read');
    return (await deps.plans.plans()).map((p) => ({ id: p.id, name: p.name, limits: p.limits, prices: p.prices }));
  };
}

export interface BillingStatusDto {
  readonly organization: string;
  readonly plan: string;
  readonly planName: string;
  readonly because: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly subscription: {
    readonly status: string | null;
    readonly id: string | null;
    readonly interval: string | null;
    readonly currentPeriodEnd: string | null;
    readonly graceEnds: string | null;
  };
  readonly manual: { readonly plan: string; readonly until: string | null } | null;
  readonly customer: string | null;
  readonly stripeConfigured: boolean;
  readonly usage: readonly {
    readonly limit: LimitName;
    readonly used: number;
    readonly allowed: number | null;
    readonly monthly: boolean;
  }[];
}

export async function planById(deps: BillingDeps, id: string): Promise<Plan> {
  const plans = await deps.plans.plans();
  const plan = plans.find((p) => p.id === id);
  if (!plan) throw BILLING_ERRORS.unknownPlan({ plan: id, plans: plans.map((p) => p.id).join(', ') });
  return plan;
}

export function billingStatus(deps: BillingDeps) {
  return async (principal: Principal): Promise<BillingStatusDto> => {
    const { orgId } = allow(principal, 'billing.read');
    const now = deps.clock.now();
    const account = await deps.uow.read.forOrg(orgId).get();
    const effective = effectivePlan(account, now, deps.settings.graceDays ?? 7);
    const plans = await deps.plans.plans();
    const plan = plans.find((p) => p.id === effective.plan) ?? plans.find((p) => p.id === FREE_PLAN)!;
    const used = await deps.usage(orgId);
    const start = periodStart(now);
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return {
      organization: principal.org!.slug,
      plan: plan.id,
      planName: plan.name,
      because: effective.because,
      period: { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) },
      subscription: {
        status: account?.status ?? null,
        id: account?.subscriptionId ?? null,
        interval: account?.interval ?? null,
        currentPeriodEnd: account?.currentPeriodEnd?.toISOString() ?? null,
        graceEnds: effective.graceEnds?.toISOString() ?? null,
      },
      manual: account?.manualPlan
        ? { plan: account.manualPlan, until: account.manualUntil?.toISOString().slice(0, 10) ?? null }
        : null,
      customer: account?.customerId ?? null,
      stripeConfigured: Boolean(deps.settings.secretKey),
      usage: LIMITS.map((limit) => ({
        limit,
        used: used[limit] ?? 0,
        allowed: plan.limits[limit],
        monthly: isMonthly(limit),
      })),
    };
  };
}

export interface InvoicesDto {
  readonly source: 'stripe' | 'local copy';
  readonly invoices: readonly InvoiceRecord[];
}

/** From Stripe when it is configured (keeping a local copy), else the local copy for offline reading. */
export function listInvoices(deps: BillingDeps) {
  return async (principal: Principal, options: { offline?: boolean } = {}): Promise<InvoicesDto> => {
    const access = allow(principal, 'billing.read');
    const repo = deps.uow.read.forOrg(access.orgId);
    if (options.offline || !deps.settings.secretKey) return { source: 'local copy', invoices: await repo.invoices() };
    const account = await repo.get();
    if (!account?.customerId) throw BILLING_ERRORS.noCustomer();
    const gateway = await gatewayOf(deps);
    const invoices = await gateway.listInvoices(account.customerId);
    const now = deps.clock.now();
    await deps.uow.run(async ({ billing }) => {
      for (const invoice of invoices) await billing.forOrg(access.orgId).saveInvoice(invoice, now);
    });
    return { source: 'stripe', invoices };
  };
}

/** Stripe's PDF of one of the organisation's invoices. */
export function invoicePdf(deps: BillingDeps) {
  return async (principal: Principal, invoiceId: string): Promise<{ invoice: InvoiceRecord; pdf: Uint8Array }> => {
    const { orgId } = allow(principal, 'billing.read');
    const invoice = (await deps.uow.read.forOrg(orgId).invoices()).find(
      (i) => i.id === invoiceId || i.number === invoiceId,
    );
    if (!invoice) throw BILLING_ERRORS.noInvoice({ id: invoiceId });
    if (!invoice.pdfUrl) throw BILLING_ERRORS.noInvoice({ id: `${invoiceId} (no PDF yet)` });
    const gateway = await gatewayOf(deps);
    return { invoice, pdf: await gateway.download(invoice.pdfUrl) };
  };
}
