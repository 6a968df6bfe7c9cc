import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { BillingEvent, InvoiceRecord, PaymentGateway, WebhookVerifier } from '../../application/ports.js';
import { BILLING_ERRORS } from '../../errors.js';
import { subscriptionState } from '../../application/subscription-state.js';

/** Stripe's SDK, pointed at `apiBase` when given (a local fake server in tests). */
function client(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'http:' ? 80 : 443)),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}

/** Stripe errors carry the request and sometimes the key's prefix: keep only what is safe to print. */
function failure(error: unknown): never {
  const e = error as { type?: string; message?: string; code?: string; statusCode?: number };
  const reason = [e.statusCode, e.code ?? e.type, e.message?.split('\n')[0]]
    .filter(Boolean)
    .join(' ')
    .replace(/\b(sk|rk|whsec)_[A-Za-z0-9_]+/g, '$1_…');
  throw BILLING_ERRORS.stripeFailed({ reason: reason || 'unknown error' });
}

/** The same request retried (by the SDK or by a rerun) creates one object: a key per intent. */
function idempotencyKey(...parts: string[]): string {
  return `renfe-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

function invoiceRecord(invoice: Stripe.Invoice): InvoiceRecord {
  return {
    id: invoice.id ?? '',
    number: invoice.number ?? null,
    createdAt: new Date(invoice.created * 1000),
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    status: invoice.status ?? 'draft',
    hostedUrl: invoice.hosted_invoice_url ?? null,
    pdfUrl: invoice.invoice_pdf ?? null,
  };
}

export function stripePaymentGateway(secretKey: string, apiBase?: string): PaymentGateway {
  const stripe = client(secretKey, apiBase);
  return {
    async ensureCustomer({ orgId, name, email, existingId }) {
      try {
        if (existingId) {
          await stripe.customers.update(existingId, {
            name,
            ...(email ? { email } : {}),
            metadata: { renfe_org: orgId },
          });
          return { id: existingId, created: false };
        }
        const customer = await stripe.customers.create(
          { name, ...(email ? { email } : {}), metadata: { renfe_org: orgId } },
          { idempotencyKey: idempotencyKey('customer', orgId) },
        );
        return { id: customer.id, created: true };
      } catch (error) {
        return failure(error);
      }
    },
    async createCheckout({ orgId, customerId, priceId, successUrl, cancelUrl }) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'subscription',
            customer: customerId,
            client_reference_id: orgId,
            line_items: [{ price: priceId, quantity: 1 }],
            success_url: successUrl,
            cancel_url: cancelUrl,
            metadata: { renfe_org: orgId },
          },
          // One session per organisation, price and minute: a retried command reuses it.
          { idempotencyKey: idempotencyKey('checkout', orgId, priceId, new Date().toISOString().slice(0, 16)) },
        );
        return { id: session.id, url: session.url ?? '' };
      } catch (error) {
        return failure(error);
      }
    },
    async createPortal(customerId, returnUrl) {
      try {
        const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
        return { url: session.url };
      } catch (error) {
        return failure(error);
      }
    },
    async listInvoices(customerId) {
      try {
        const page = await stripe.invoices.list({ customer: customerId, limit: 100 });
        return page.data.map(invoiceRecord);
      } catch (error) {
        return failure(error);
      }
    },
    async currentSubscription(customerId) {
      try {
        const page = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 10 });
        const newest = [...page.data].sort((a, b) => b.created - a.created)[0];
        return newest ? subscriptionState(newest as unknown as Record<string, any>) : null;
      } catch (error) {
        return failure(error);
      }
    },
    async download(url) {
      const response = await fetch(url).catch((error: Error) => failure(error));
      if (!response.ok) failure({ statusCode: response.status, message: 'invoice PDF download failed' });
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Signature checks with the SDK's own `webhooks.constructEvent`. */
export function stripeWebhookVerifier(): WebhookVerifier {
  const stripe = new Stripe('sk_verify_only', { telemetry: false });
  return {
    verify(payload, signature, secret, toleranceSeconds, receivedAt): BillingEvent {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          payload,
          signature,
          secret,
          toleranceSeconds,
          undefined,
          receivedAt.getTime(),
        );
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? 'invalid';
        if ((error as { type?: string }).type === 'StripeSignatureVerificationError') {
          throw BILLING_ERRORS.badSignature({ reason: message.replace(/whsec_[A-Za-z0-9_]+/g, 'whsec_…') });
        }
        throw BILLING_ERRORS.badPayload({ problem: `is not a Stripe event (${message})` });
      }
      return {
        id: event.id,
        type: event.type,
        createdAt: new Date(event.created * 1000),
        object: event.data.object as unknown as Record<string, any>,
      };
    },
  };
}
