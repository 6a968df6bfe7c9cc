import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../../src/composition.js';
import type { AuthSettings } from '../../../src/contexts/auth/application/ports.js';
import { isAppError } from '../../../src/kernel/app-error.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { parseDatabaseTarget } from '../../../src/persistence/connect.js';
import { fastHasher, PASSWORD, TestClock, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'resolved', message: '' }),
    (e: unknown) => (isAppError(e) ? { code: e.code, message: e.message } : { code: String(e), message: '' }),
  );

describe.each(DIALECTS)('organisation login policy on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;
  const others: App[] = [];

  /** Another machine on the same database, with its own profile settings. */
  async function client(settings: AuthSettings): Promise<App> {
    const other = await openApp({ target: parseDatabaseTarget(database.url), clock, hasher: fastHasher, settings });
    others.push(other);
    return other;
  }

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app, clock } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    await app.auth.addUser(owner, { email: 'luis@acme.test', role: 'consultant', password: PASSWORD });
  });
  afterEach(async () => {
    for (const o of others.splice(0)) await o.close();
    await app.close();
    await database.drop();
  });

  it('a client asking for a weaker lockout or a longer session gets the organisation policy', async () => {
    const policy = await app.auth.setOrgPolicy(owner, { maxFailures: 3, sessionHours: 2 });
    expect(policy).toMatchObject({ maxFailures: 3, windowMinutes: 15, lockMinutes: 15, sessionHours: 2, stored: true });
    expect((await app.audit.list(owner, { action: 'org.policy_changed' }))[0]?.details).toMatchObject({
      before: { maxFailures: 5, sessionHours: 12 },
      after: { maxFailures: 3, sessionHours: 2 },
    });

    const attacker = await client({ lockout: { maxFailures: 1_000_000, lockMinutes: 1 }, sessionHours: 1e9 });
    const { session } = await attacker.auth.login({ email: 'luis@acme.test', password: PASSWORD });
    expect(new Date(session.expiresAt).getTime() - clock.now().getTime()).toBe(2 * 3_600_000);

    for (let i = 0; i < 3; i++)
      await failure(attacker.auth.login({ email: 'luis@acme.test', password: 'wrong password!' }));
    // Locked after the organisation's 3, not the client's million: even the right password fails.
    expect((await failure(attacker.auth.login({ email: 'luis@acme.test', password: PASSWORD }))).code).toBe(
      'AUTH.BAD_CREDENTIALS',
    );
    clock.advanceMinutes(10);
    expect((await failure(attacker.auth.login({ email: 'luis@acme.test', password: PASSWORD }))).code).toBe(
      'AUTH.BAD_CREDENTIALS',
    );
    clock.advanceMinutes(6);
    await expect(attacker.auth.login({ email: 'luis@acme.test', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('a client may ask for something stricter, within the bounds', async () => {
    const careful = await client({ lockout: { maxFailures: 1 }, sessionHours: 1 });
    const { session } = await careful.auth.login({ email: 'luis@acme.test', password: PASSWORD });
    expect(new Date(session.expiresAt).getTime() - clock.now().getTime()).toBe(3_600_000);
    // One failure is not enough to lock, whatever the client asks: the floor is 3.
    await failure(careful.auth.login({ email: 'luis@acme.test', password: 'wrong password!' }));
    await failure(careful.auth.login({ email: 'luis@acme.test', password: 'wrong password!' }));
    await expect(careful.auth.login({ email: 'luis@acme.test', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('refuses values out of bounds and roles below admin, changing nothing', async () => {
    expect((await failure(app.auth.setOrgPolicy(owner, { maxFailures: 2 }))).message).toBe(
      'maxFailures must be a whole number from 3 to 20, got 2',
    );
    expect((await failure(app.auth.setOrgPolicy(owner, { sessionHours: 721 }))).code).toBe('ORG.POLICY_OUT_OF_BOUNDS');
    expect((await failure(app.auth.setOrgPolicy(owner, { lockMinutes: 1.5 }))).code).toBe('ORG.POLICY_OUT_OF_BOUNDS');
    expect((await failure(app.auth.setOrgPolicy(owner, {}))).code).toBe('ORG.POLICY_EMPTY');
    const luis = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'luis@acme.test', password: PASSWORD })).session.token,
    });
    expect((await failure(app.auth.setOrgPolicy(luis, { maxFailures: 10 }))).code).toBe('AUTH.FORBIDDEN');
    expect(await app.auth.showOrgPolicy(luis)).toMatchObject({ maxFailures: 5, sessionHours: 12, stored: false });
    expect(await app.audit.list(owner, { action: 'org.policy_changed' })).toEqual([]);
  });

  it('an account in several organisations is held to the strictest of their policies', async () => {
    await app.auth.setOrgPolicy(owner, { maxFailures: 10, sessionHours: 24 });
    const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
    const inBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    await app.auth.setOrgPolicy(inBeta, { maxFailures: 4, sessionHours: 8 });
    const { session } = await app.auth.login({ email: 'ana@acme.test', password: PASSWORD });
    expect(new Date(session.expiresAt).getTime() - clock.now().getTime()).toBe(8 * 3_600_000);
    for (let i = 0; i < 4; i++) await failure(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }));
    expect((await failure(app.auth.login({ email: 'ana@acme.test', password: PASSWORD }))).code).toBe(
      'AUTH.BAD_CREDENTIALS',
    );
    // Luis, in Acme only, gets Acme's 10 (from a client that asks for nothing of its own).
    const plain = await client({});
    for (let i = 0; i < 6; i++)
      await failure(plain.auth.login({ email: 'luis@acme.test', password: 'wrong password!' }));
    await expect(plain.auth.login({ email: 'luis@acme.test', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('a locked account and an unknown email get the same answer; an over-long password is refused unhashed', async () => {
    for (let i = 0; i < 5; i++) await failure(app.auth.login({ email: 'luis@acme.test', password: 'wrong password!' }));
    const locked = await failure(app.auth.login({ email: 'luis@acme.test', password: PASSWORD }));
    const unknown = await failure(app.auth.login({ email: 'nobody@acme.test', password: PASSWORD }));
    const wrong = await failure(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }));
    expect(locked).toEqual(unknown);
    expect(wrong).toEqual(unknown);
    expect(unknown.code).toBe('AUTH.BAD_CREDENTIALS');
    const long = await failure(app.auth.login({ email: 'ana@acme.test', password: 'x'.repeat(1025) }));
    expect(long).toEqual({ code: 'AUTH.PASSWORD_TOO_LONG', message: 'password longer than 1024 characters' });
  });
});
