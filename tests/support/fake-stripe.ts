import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly form: URLSearchParams;
  readonly idempotencyKey: string | undefined;
  readonly authorization: string | undefined;
}

/**
 * A local stand-in for the Stripe API that the real SDK is pointed at
 * (`host`, `port`, `protocol`): it answers the calls billing makes with
 * Stripe-shaped objects and records every request. Subscriptions and invoices
 * are set by the test.
 */
export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  subscriptions: Record<string, unknown>[] = [];
  invoices: Record<string, unknown>[] = [];
  #server: Server | undefined;
  #customers = 0;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', this.url);
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
          idempotencyKey: request.headers['idempotency-key'] as string | undefined,
          authorization: request.headers.authorization,
        };
        this.requests.push(recorded);
        const [status, body] = this.#answer(recorded);
        if (Buffer.isBuffer(body)) {
          response.writeHead(status, { 'content-type': 'application/pdf' });
          response.end(body);
          return;
        }
        response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.requests.length}` });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  /** Forgets recorded requests, customers, subscriptions and invoices. */
  reset(): void {
    this.requests.length = 0;
    this.subscriptions = [];
    this.invoices = [];
    this.#customers = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #answer(r: RecordedRequest): [number, unknown] {
    const list = (data: unknown[]) => ({ object: 'list', data, has_more: false, url: r.path });
    if (r.method === 'POST' && r.path === '/v1/customers') {
      this.#customers++;
      return [
        200,
        { id: `cus_${this.#customers}`, object: 'customer', name: r.form.get('name'), email: r.form.get('email') },
      ];
    }
    const update = /^\/v1\/customers\/(cus_\w+)$/.exec(r.path);
    if (r.method === 'POST' && update) return [200, { id: update[1], object: 'customer', name: r.form.get('name') }];
    if (r.method === 'POST' && r.path === '/v1/checkout/sessions') {
      return [
        200,
        { id: 'cs_test_1', object: 'checkout.session', url: 'https://checkout.stripe.test/c/pay/cs_test_1' },
      ];
    }
    if (r.method === 'POST' && r.path === '/v1/billing_portal/sessions') {
      return [
        200,
        { id: 'bps_1', object: 'billing_portal.session', url: 'https://billing.stripe.test/p/session/bps_1' },
      ];
    }
    if (r.method === 'GET' && r.path === '/v1/invoices') return [200, list(this.invoices)];
    if (r.method === 'GET' && r.path === '/v1/subscriptions') return [200, list(this.subscriptions)];
    if (r.method === 'GET' && r.path.startsWith('/files/invoice-')) {
      return [200, Buffer.from('%PDF-1.4\n% fake invoice\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')];
    }
    return [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${r.method}: ${r.path})` } },
    ];
  }
}

/** A Stripe-Signature header for a payload, as Stripe makes it: t=…,v1=HMAC-SHA256(secret, t.payload). */
export function signStripe(payload: string, secret: string, at = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${at}.${payload}`).digest('hex');
  return `t=${at},v1=${v1}`;
}

/** A webhook event body with the given type, object and creation time (seconds). */
export function stripeEvent(id: string, type: string, object: Record<string, unknown>, created: number): string {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

export function subscriptionObject(
  id: string,
  customer: string,
  status: string,
  price: string,
  interval: 'month' | 'year' = 'month',
  created = 1_767_000_000,
): Record<string, unknown> {
  return {
    id,
    object: 'subscription',
    customer,
    status,
    created,
    items: {
      object: 'list',
      data: [
        { id: `si_${id}`, price: { id: price, recurring: { interval } }, current_period_end: created + 30 * 86400 },
      ],
    },
  };
}
