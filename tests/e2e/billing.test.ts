import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeStripe, signStripe, stripeEvent, subscriptionObject } from '../support/fake-stripe.js';
import { describeRun, expectExit, initWorkspace, Sandbox } from './helpers.js';
import { RENFE_BIN } from './spawn.js';

const SECRET_KEY = 'sk_test_e2e_secret_Zq81xLw';
const WEBHOOK_SECRET = 'whsec_e2e_signing_secret_Pp02';

describe.each(DIALECTS)('billing from the command line on $name', (dialect) => {
  let stripe: FakeStripe;
  beforeAll(async () => {
    stripe = await new FakeStripe().start();
  });
  afterAll(() => stripe.stop());

  async function workspace() {
    const db = await dialect.fresh();
    const sandbox = Sandbox.create();
    const env = {
      RENFE_DATABASE_URL: db.url,
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      RENFE_STRIPE_API_BASE: stripe.url,
    };
    const owner = sandbox.person('owner', { env });
    await initWorkspace(owner, 'Acme Consulting', 'ana@acme.test');
    return { db, owner };
  }

  it('never prints the Stripe key or the webhook secret, nor writes them to the audit trail', async () => {
    stripe.reset();
    const { db, owner } = await workspace();
    try {
      const seen: string[] = [];
      const run = async (args: string[], code = 0, input?: string) => {
        const r = await owner.run(args, input === undefined ? {} : { input });
        expectExit(r, code);
        seen.push(r.stdout, r.stderr);
        return r;
      };
      await run(['config', 'set', 'stripe.secretKey', SECRET_KEY]);
      await run(['config', 'set', 'stripe.webhookSecret', WEBHOOK_SECRET]);
      await run(['config', 'list']);
      await run(['--json', 'config', 'list']);
      await run(['config', 'get', 'stripe.secretKey']);
      await run(['billing', 'plans']);
      await run(['billing', 'status']);
      await run(['--json', 'billing', 'status']);
      await run(['billing', 'customer', 'sync']);
      await run(['billing', 'checkout', '--plan', 'pro']);
      await run(['billing', 'portal']);
      await run(['billing', 'invoices']);
      await run(['billing', 'sync']);
      const payload = stripeEvent(
        'evt_1',
        'customer.subscription.created',
        subscriptionObject('sub_1', 'cus_1', 'active', 'price_pro_monthly'),
        Math.floor(Date.now() / 1000),
      );
      await run(
        ['billing', 'webhook', 'handle', '--stdin', '--signature', signStripe(payload, WEBHOOK_SECRET)],
        0,
        payload,
      );
      await run(
        ['billing', 'webhook', 'handle', '--stdin', '--signature', signStripe(payload, 'whsec_wrong')],
        13,
        payload,
      );
      await run(['--debug', 'billing', 'webhook', 'handle', '--stdin', '--signature', 't=1,v1=00'], 13, payload);
      await run(['--json', 'audit', 'list', '--limit', '200']);
      const status = await run(['--json', 'billing', 'status']);
      expect(JSON.parse(status.stdout)).toMatchObject({ plan: 'pro', subscription: { status: 'active' } });
      const all = seen.join('\n');
      expect(all).not.toContain(SECRET_KEY);
      expect(all).not.toContain(WEBHOOK_SECRET);
      expect(all).not.toContain(SECRET_KEY.slice(8));
      expect(all).toContain('sk_t****');
    } finally {
      await db.drop();
    }
  });

  it('two processes racing for the last free assessment slot: one is created, the other exits 9', async () => {
    const { db, owner } = await workspace();
    try {
      for (let i = 0; i < 4; i++)
        expectExit(await owner.run(['assessment', 'create', '--subject', `S${i}`, '--framework', 'nis2']), 0);
      const [a, b] = await Promise.all(
        ['A', 'B'].map((s) => owner.run(['assessment', 'create', '--subject', `Race ${s}`, '--framework', 'nis2'])),
      );
      expect([a!.code, b!.code].sort(), `${describeRun(a!)}\n${describeRun(b!)}`).toEqual([0, 9]);
      const loser = a!.code === 9 ? a! : b!;
      expect(loser.stderr).toContain('plan limit reached: assessments_per_month is 5 of 5 on the free plan');
      expect(loser.stderr).toContain('renfe billing checkout --plan pro');
      const list = await owner.json<unknown[]>(['assessment', 'list']);
      expect(list).toHaveLength(5);
    } finally {
      await db.drop();
    }
  });

  it('webhook listen accepts a signed POST on loopback, rejects an unsigned one, and stops on SIGTERM', async () => {
    stripe.reset();
    const { db, owner } = await workspace();
    try {
      expectExit(await owner.run(['billing', 'customer', 'sync']), 0);
      const child = spawn(process.execPath, [RENFE_BIN, 'billing', 'webhook', 'listen', '--port', '0'], {
        env: owner.env(),
        cwd: owner.home,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`listen did not start: ${stderr}`)), 15_000);
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          const m = /127\.0\.0\.1:(\d+)\//.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      const payload = stripeEvent(
        'evt_l1',
        'customer.subscription.created',
        subscriptionObject('sub_1', 'cus_1', 'active', 'price_enterprise_monthly'),
        Math.floor(Date.now() / 1000),
      );
      const post = (signature?: string) =>
        fetch(`http://127.0.0.1:${port}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
          body: payload,
        });
      const unsigned = await post();
      expect(unsigned.status).toBe(400);
      expect(await unsigned.json()).toMatchObject({ error: { code: 'BILLING.BAD_SIGNATURE' } });
      const signed = await post(signStripe(payload, WEBHOOK_SECRET));
      expect(signed.status).toBe(200);
      expect(await signed.json()).toMatchObject({ event: 'evt_l1', outcome: 'processed' });
      const again = await post(signStripe(payload, WEBHOOK_SECRET));
      expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const status = await owner.json<{ plan: string }>(['billing', 'status']);
      expect(status.plan).toBe('enterprise');
    } finally {
      await db.drop();
    }
  });
});
