import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, TestClock, testApp } from '../../support/app.js';
import { FakeStripe, signStripe, stripeEvent, subscriptionObject } from '../../support/fake-stripe.js';

const SECRET_KEY = 'sk_test_renfe_secret_51Hx';
const WEBHOOK_SECRET = 'whsec_renfe_webhook_secret_9f';

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe.each(DIALECTS)('billing on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;
  let stripe: FakeStripe;
  const now = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    stripe = await new FakeStripe().start();
  });
  afterAll(() => stripe.stop());

  beforeEach(async () => {
    db = await dialect.fresh();
    // The shipped plans (free: 5 users, 5 assessments a month, 2 imported frameworks, no AI).
    ({ app, clock } = await testApp(db, new TestClock('2027-03-10T09:00:00.000Z'), 'migrate', {
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiBase: stripe.url,
      graceDays: 7,
    }));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    stripe.reset();
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  const members = async () => (await app.auth.listUsers(owner)).length;
  const webhook = (id: string, type: string, object: Record<string, unknown>, created = now()) => {
    const payload = stripeEvent(id, type, object, created);
    return app.billing.handleWebhook(payload, signStripe(payload, WEBHOOK_SECRET, now()));
  };

  it('refuses the write over a limit with BILLING.LIMIT_REACHED naming the limit, and changes nothing', async () => {
    for (let i = 1; i <= 4; i++) await app.auth.addUser(owner, { email: `u${i}@acme.test`, role: 'viewer' });
    expect(await members()).toBe(5);
    const refused = app.auth.addUser(owner, { email: 'u5@acme.test', role: 'viewer' });
    await expect(refused).rejects.toMatchObject({
      code: 'BILLING.LIMIT_REACHED',
      kind: 'limit-reached',
      message: 'plan limit reached: users is 5 of 5 on the free plan',
      hint: 'upgrade with `renfe billing checkout --plan pro`',
    });
    expect(await members()).toBe(5);
    const audit = await app.audit.list(owner, { limit: 100 });
    expect(audit.some((e) => JSON.stringify(e).includes('u5@acme.test'))).toBe(false);

    for (let i = 0; i < 5; i++)
      await app.assessment.create(owner, { subject: `S${i}`, frameworks: ['nis2'], targetLevel: 3 });
    expect(await code(app.assessment.create(owner, { subject: 'S5', frameworks: ['nis2'], targetLevel: 3 }))).toBe(
      'BILLING.LIMIT_REACHED',
    );
    expect((await app.assessment.list(owner)).length).toBe(5);
    // A new calendar month frees the monthly limit; the users limit stays.
    clock.advanceMinutes(31 * 24 * 60);
    expect(await code(app.assessment.create(owner, { subject: 'S5', frameworks: ['nis2'], targetLevel: 3 }))).toBe(
      'OK',
    );
  });

  it('billing status shows the plan, the period and usage against each limit', async () => {
    await app.assessment.create(owner, { subject: 'S', frameworks: ['nis2'], targetLevel: 3 });
    const status = await app.billing.status(owner);
    expect(status).toMatchObject({
      plan: 'free',
      because: 'no subscription',
      period: { start: '2027-03-01', end: '2027-04-01' },
    });
    expect(status.usage.find((u) => u.limit === 'users')).toEqual({
      limit: 'users',
      used: 1,
      allowed: 5,
      monthly: false,
    });
    expect(status.usage.find((u) => u.limit === 'assessments_per_month')).toMatchObject({ used: 1, allowed: 5 });
  });

  it('a manual plan lifts the limits until its date; only an owner may set it, and it is audited', async () => {
    await app.auth.addUser(owner, { email: 'adm@acme.test', role: 'admin', password: PASSWORD });
    const { session } = await app.auth.login({ email: 'adm@acme.test', password: PASSWORD });
    const admin = await app.auth.authenticate({ sessionSecret: session.token });
    expect(await code(app.billing.setPlan(admin, { plan: 'pro' }))).toBe('AUTH.FORBIDDEN');
    expect(await code(app.billing.setPlan(owner, { plan: 'gold' }))).toBe('BILLING.UNKNOWN_PLAN');
    expect(await code(app.billing.setPlan(owner, { plan: 'pro', until: '2027-02-01' }))).toBe('BILLING.BAD_DATE');
    await app.billing.setPlan(owner, { plan: 'pro', until: '2027-03-31' });
    for (let i = 1; i <= 6; i++) await app.auth.addUser(owner, { email: `u${i}@acme.test`, role: 'viewer' });
    expect(await members()).toBe(8);
    expect((await app.billing.status(owner)).because).toBe('set by hand until 2027-03-31');
    expect((await app.audit.list(owner, { limit: 50 })).some((e) => e.action === 'billing.plan.set')).toBe(true);
    clock.advanceMinutes(22 * 24 * 60);
    expect((await app.billing.status(owner)).plan).toBe('free');
    expect(await code(app.auth.addUser(owner, { email: 'u9@acme.test', role: 'viewer' }))).toBe(
      'BILLING.LIMIT_REACHED',
    );
  });

  it('creates the Stripe customer with an idempotency key, and checkout and portal print Stripe URLs', async () => {
    const customer = await app.billing.syncCustomer(owner);
    expect(customer).toEqual({ id: 'cus_1', created: true });
    const create = stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(create?.idempotencyKey).toMatch(/^renfe-[0-9a-f]{40}$/);
    expect(create?.form.get('name')).toBe('Acme Consulting');
    expect(create?.form.get('metadata[renfe_org]')).toBe(owner.org!.id);
    expect(create?.authorization).toBe(`Bearer ${SECRET_KEY}`);
    // A second sync updates the same customer.
    expect(await app.billing.syncCustomer(owner)).toEqual({ id: 'cus_1', created: false });

    const checkout = await app.billing.checkout(owner, { plan: 'pro', interval: 'year' });
    expect(checkout.url).toBe('https://checkout.stripe.test/c/pay/cs_test_1');
    const session = stripe.requests.find((r) => r.path === '/v1/checkout/sessions');
    expect(session?.form.get('line_items[0][price]')).toBe('price_pro_yearly');
    expect(session?.form.get('client_reference_id')).toBe(owner.org!.id);
    expect(session?.idempotencyKey).toMatch(/^renfe-/);
    expect(await code(app.billing.checkout(owner, { plan: 'free' }))).toBe('BILLING.NO_PRICE');
    expect((await app.billing.portal(owner)).url).toBe('https://billing.stripe.test/p/session/bps_1');
  });

  it('processes a signed event once; forged, wrong-secret and stale signatures change nothing', async () => {
    await app.billing.syncCustomer(owner);
    const sub = subscriptionObject('sub_1', 'cus_1', 'active', 'price_pro_monthly');
    const payload = stripeEvent('evt_1', 'customer.subscription.created', sub, now());
    const signature = signStripe(payload, WEBHOOK_SECRET, now());

    expect(
      await code(
        app.billing.handleWebhook(
          payload,
          signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        ),
      ),
    ).toBe('BILLING.BAD_SIGNATURE');
    expect(await code(app.billing.handleWebhook(payload, signStripe(payload, 'whsec_other', now())))).toBe(
      'BILLING.BAD_SIGNATURE',
    );
    expect(await code(app.billing.handleWebhook(payload, signStripe(payload, WEBHOOK_SECRET, now() - 301)))).toBe(
      'BILLING.BAD_SIGNATURE',
    );
    expect(await code(app.billing.handleWebhook(payload, ''))).toBe('BILLING.BAD_SIGNATURE');
    expect((await app.billing.status(owner)).plan).toBe('free');

    expect(await app.billing.handleWebhook(payload, signature)).toMatchObject({ outcome: 'processed' });
    expect((await app.billing.status(owner)).plan).toBe('pro');
    expect(await app.billing.handleWebhook(payload, signature)).toMatchObject({ outcome: 'duplicate' });
    const audited = (await app.audit.list(owner, { limit: 50 })).filter((e) =>
      e.action.startsWith('billing.customer.subscription'),
    );
    expect(audited).toHaveLength(1);
  });

  it('keeps the newest subscription state when events arrive out of order', async () => {
    await app.billing.syncCustomer(owner);
    const t = now();
    await webhook(
      'evt_new',
      'customer.subscription.updated',
      subscriptionObject('sub_1', 'cus_1', 'active', 'price_enterprise_monthly'),
      t,
    );
    const older = await webhook(
      'evt_old',
      'customer.subscription.updated',
      subscriptionObject('sub_1', 'cus_1', 'canceled', 'price_pro_monthly'),
      t - 60,
    );
    expect(older.outcome).toBe('stale');
    expect(await app.billing.status(owner)).toMatchObject({ plan: 'enterprise', subscription: { status: 'active' } });
    await webhook(
      'evt_del',
      'customer.subscription.deleted',
      subscriptionObject('sub_1', 'cus_1', 'canceled', 'price_enterprise_monthly'),
      t + 5,
    );
    expect(await app.billing.status(owner)).toMatchObject({ plan: 'free', because: 'subscription canceled' });
  });

  it('a past_due subscription keeps its plan for the grace period, then falls to free', async () => {
    await app.billing.syncCustomer(owner);
    await webhook(
      'evt_a',
      'customer.subscription.updated',
      subscriptionObject('sub_1', 'cus_1', 'active', 'price_pro_monthly'),
    );
    clock.advanceMinutes(1);
    await webhook(
      'evt_b',
      'customer.subscription.updated',
      subscriptionObject('sub_1', 'cus_1', 'past_due', 'price_pro_monthly'),
    );
    clock.advanceMinutes(6 * 24 * 60);
    expect((await app.billing.status(owner)).plan).toBe('pro');
    clock.advanceMinutes(2 * 24 * 60);
    expect(await app.billing.status(owner)).toMatchObject({
      plan: 'free',
      because: 'payment past due beyond the grace period',
    });
  });

  it('checkout.session.completed links the subscription; invoice events keep a local copy', async () => {
    const session = {
      id: 'cs_1',
      object: 'checkout.session',
      customer: 'cus_77',
      subscription: 'sub_77',
      client_reference_id: owner.org!.id,
    };
    expect((await webhook('evt_c', 'checkout.session.completed', session)).outcome).toBe('processed');
    expect((await app.billing.status(owner)).customer).toBe('cus_77');
    const invoice = {
      id: 'in_1',
      object: 'invoice',
      customer: 'cus_77',
      number: 'ACME-0001',
      created: now(),
      amount_due: 4900,
      amount_paid: 4900,
      currency: 'eur',
      status: 'paid',
      hosted_invoice_url: 'https://invoice.stripe.test/i/1',
      invoice_pdf: `${stripe.url}/files/invoice-1.pdf`,
    };
    expect((await webhook('evt_i', 'invoice.paid', invoice)).outcome).toBe('processed');
    const local = await app.billing.invoices(owner, { offline: true });
    expect(local).toMatchObject({
      source: 'local copy',
      invoices: [{ id: 'in_1', number: 'ACME-0001', amountDue: 4900, status: 'paid' }],
    });
    const { pdf } = await app.billing.invoicePdf(owner, 'ACME-0001');
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/^%PDF-/);
    expect((await webhook('evt_x', 'customer.created', { id: 'cus_77' })).outcome).toBe('ignored');
    expect((await webhook('evt_u', 'invoice.paid', { ...invoice, id: 'in_2', customer: 'cus_unknown' })).outcome).toBe(
      'unknown-customer',
    );
  });

  it('billing sync reconciles with Stripe and reports what changed', async () => {
    await app.billing.syncCustomer(owner);
    stripe.subscriptions = [subscriptionObject('sub_9', 'cus_1', 'trialing', 'price_pro_monthly')];
    stripe.invoices = [
      {
        id: 'in_9',
        object: 'invoice',
        customer: 'cus_1',
        number: 'ACME-0009',
        created: now(),
        amount_due: 0,
        amount_paid: 0,
        currency: 'eur',
        status: 'paid',
      },
    ];
    const result = await app.billing.sync(owner);
    expect(result).toMatchObject({ plan: 'pro', status: 'trialing', invoices: 1 });
    expect(result.changes.map((c) => c.field).sort()).toEqual(['interval', 'plan', 'status', 'subscriptionId']);
    expect((await app.billing.sync(owner)).changes).toEqual([]);
    const listed = await app.billing.invoices(owner);
    expect(listed.source).toBe('stripe');
    expect(listed.invoices.map((i) => i.number)).toEqual(['ACME-0009']);
  });
});

describe.each(DIALECTS)('billing without Stripe on $name', (dialect) => {
  it('works on the free plan and says how to enable Stripe where it is needed', async () => {
    const db = await dialect.fresh();
    const { app } = await testApp(db, new TestClock(), 'migrate', {});
    try {
      const init = await app.auth.init({ orgName: 'Solo', email: 'solo@acme.test', password: PASSWORD });
      const owner = await app.auth.authenticate({ sessionSecret: init.session.token });
      expect((await app.billing.status(owner)).stripeConfigured).toBe(false);
      expect((await app.billing.plans(owner)).map((p) => p.id)).toEqual(['free', 'pro', 'enterprise']);
      await app.billing.setPlan(owner, { plan: 'enterprise' });
      // One at a time: a call made before the one ahead of it has failed would reject with nobody listening.
      for (const run of [
        () => app.billing.syncCustomer(owner),
        () => app.billing.checkout(owner, { plan: 'pro' }),
        () => app.billing.sync(owner),
      ]) {
        await expect(run()).rejects.toMatchObject({ code: 'BILLING.NOT_CONFIGURED', kind: 'not-configured' });
      }
      await expect(app.billing.handleWebhook('{}', 't=1,v1=x')).rejects.toMatchObject({
        code: 'BILLING.NOT_CONFIGURED',
      });
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe.each(DIALECTS.filter((d) => d.name === 'postgres'))('the last free slot on $name', (dialect) => {
  it('goes to exactly one of eight concurrent creates from two connection pools', async () => {
    const db = await dialect.fresh();
    const first = await testApp(db, new TestClock(), 'migrate', {});
    const second = await testApp(db, new TestClock(), 'current', {});
    try {
      const init = await first.app.auth.init({ orgName: 'Race', email: 'race@acme.test', password: PASSWORD });
      const owner = await first.app.auth.authenticate({ sessionSecret: init.session.token });
      for (let i = 0; i < 4; i++) {
        await first.app.assessment.create(owner, { subject: `S${i}`, frameworks: ['nis2'], targetLevel: 3 });
      }
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          code(
            (i % 2 ? second : first).app.assessment.create(owner, {
              subject: `Race ${i}`,
              frameworks: ['nis2'],
              targetLevel: 3,
            }),
          ),
        ),
      );
      expect(results.filter((r) => r === 'OK')).toHaveLength(1);
      expect(results.filter((r) => r === 'BILLING.LIMIT_REACHED')).toHaveLength(7);
      expect(await first.app.assessment.list(owner)).toHaveLength(5);
    } finally {
      await first.app.close();
      await second.app.close();
      await db.drop();
    }
  });
});
