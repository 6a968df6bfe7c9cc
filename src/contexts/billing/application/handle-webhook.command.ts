import type { AuditActor } from '../../audit/index.js';
import { BILLING_ERRORS } from '../errors.js';
import { blankAccount } from './billing.commands.js';
import type { BillingDeps, BillingEvent, InvoiceRecord } from './ports.js';
import { applySubscription, subscriptionState } from './subscription-state.js';

const WEBHOOK: AuditActor = { type: 'anonymous', id: null, label: 'stripe webhook' };

export interface WebhookOutcome {
  readonly event: string;
  readonly type: string;
  /** processed, duplicate (seen before: nothing done), stale (older than the state kept), ignored, unknown-customer. */
  readonly outcome: 'processed' | 'duplicate' | 'stale' | 'ignored' | 'unknown-customer';
  readonly organization: string | null;
}

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
]);
const INVOICE_EVENTS = new Set(['invoice.paid', 'invoice.payment_failed']);

function invoiceOf(object: Record<string, any>): InvoiceRecord {
  return {
    id: String(object.id),
    number: object.number ?? null,
    createdAt: new Date(Number(object.created ?? 0) * 1000),
    amountDue: Number(object.amount_due ?? 0),
    amountPaid: Number(object.amount_paid ?? 0),
    currency: String(object.currency ?? 'eur'),
    status: String(object.status ?? 'open'),
    hostedUrl: object.hosted_invoice_url ?? null,
    pdfUrl: object.invoice_pdf ?? null,
  };
}

const customerIdOf = (object: Record<string, any>): string | null =>
  typeof object.customer === 'string' ? object.customer : (object.customer?.id ?? null);

/**
 * A Stripe webhook: the signature is verified with the SDK (nothing changes
 * when it fails), each event id is processed once (stored in the same
 * transaction as its effect), and a subscription event older than the state
 * kept never overwrites it. Every change is audited on the organisation's chain.
 */
export function handleWebhook(deps: BillingDeps) {
  return async (payload: string, signature: string): Promise<WebhookOutcome> => {
    const secret = deps.settings.webhookSecret;
    if (!secret) {
      throw BILLING_ERRORS.notConfigured({
        missing: 'the webhook signing secret',
        howTo: 'run `renfe config set stripe.webhookSecret whsec_...` or set STRIPE_WEBHOOK_SECRET',
      });
    }
    const verifier = await deps.verifier();
    const now = deps.clock.now();
    const event: BillingEvent = verifier.verify(payload, signature, secret, deps.settings.toleranceSeconds ?? 300, now);
    const plans = await deps.plans.plans();

    return deps.uow.run(async ({ billing, audit }) => {
      const object = event.object;
      const customerId = customerIdOf(object);
      let orgId: string | null = customerId ? await billing.orgOfCustomer(customerId) : null;
      if (!orgId && event.type === 'checkout.session.completed' && typeof object.client_reference_id === 'string') {
        orgId = (await billing.organization(object.client_reference_id))?.id ?? null;
      }
      const relevant =
        SUBSCRIPTION_EVENTS.has(event.type) ||
        INVOICE_EVENTS.has(event.type) ||
        event.type === 'checkout.session.completed';
      const base = { event: event.id, type: event.type, organization: orgId };
      const record = async (outcome: WebhookOutcome['outcome']) =>
        billing.recordEvent({ id: event.id, type: event.type, createdAt: event.createdAt, orgId, outcome }, now);

      if (!relevant || !orgId) {
        const outcome = !relevant ? 'ignored' : 'unknown-customer';
        return (await record(outcome)) ? { ...base, outcome } : { ...base, outcome: 'duplicate' };
      }
      const repo = billing.forOrg(orgId);
      const before = (await repo.get()) ?? blankAccount(orgId, now);
      const stale = SUBSCRIPTION_EVENTS.has(event.type) && before.stateAt !== null && event.createdAt < before.stateAt;
      if (!(await record(stale ? 'stale' : 'processed'))) return { ...base, outcome: 'duplicate' };
      if (stale) return { ...base, outcome: 'stale' };

      let details: Record<string, unknown>;
      if (event.type === 'checkout.session.completed') {
        const after = {
          ...before,
          customerId: before.customerId ?? customerId,
          subscriptionId: typeof object.subscription === 'string' ? object.subscription : before.subscriptionId,
          updatedAt: now,
        };
        await repo.save(after);
        details = { customer: after.customerId, subscription: after.subscriptionId };
      } else if (SUBSCRIPTION_EVENTS.has(event.type)) {
        const state = subscriptionState(object);
        const deleted = event.type === 'customer.subscription.deleted';
        const after = applySubscription(
          before,
          deleted ? { ...state, status: 'canceled' } : state,
          plans,
          event.createdAt,
          now,
        );
        await repo.save(after);
        details = {
          before: { plan: before.plan, status: before.status },
          after: { plan: after.plan, status: after.status },
          subscription: after.subscriptionId,
        };
      } else {
        const invoice = invoiceOf(object);
        await repo.saveInvoice(invoice, now);
        details = {
          invoice: invoice.id,
          number: invoice.number,
          status: invoice.status,
          amountDue: invoice.amountDue,
          currency: invoice.currency,
        };
      }
      await audit.chain(orgId).append(WEBHOOK, {
        action: `billing.${event.type}`,
        targetType: 'organization',
        targetId: orgId,
        details: { event: event.id, ...details },
      });
      return { ...base, outcome: 'processed' };
    });
  };
}
