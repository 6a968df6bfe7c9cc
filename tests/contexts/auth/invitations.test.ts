import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { isAppError } from '../../../src/kernel/app-error.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, signIn, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

/**
 * Adding an email to an organisation invites its person: nothing joins an
 * account to an organisation but its own login, and the admin's answer is the
 * same whether or not the email already had an account elsewhere.
 */
describe.each(DIALECTS)('invitations on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let ownerA: Principal;
  let ownerB: Principal;

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Alpha', email: 'ana@alpha.test', password: PASSWORD });
    ownerA = await app.auth.authenticate({ sessionSecret: init.session.token });
    // Luis has an account, in Alpha only.
    await app.auth.addUser(ownerA, {
      email: 'luis@alpha.test',
      role: 'viewer',
      name: 'Luis Secret',
      password: PASSWORD,
    });
    await signIn(app, 'luis@alpha.test');
    // Bob runs Beta, a different organisation.
    const beta = await app.auth.createOrganization(ownerA, { name: 'Beta' });
    const inBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@alpha.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    await app.auth.addUser(inBeta, { email: 'bob@beta.test', role: 'owner', password: PASSWORD });
    ownerB = await signIn(app, 'bob@beta.test', beta.slug);
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  it('answers alike for an existing account and a new email, and adds neither until they log in', async () => {
    const existing = await app.auth.addUser(ownerB, {
      email: 'luis@alpha.test',
      role: 'consultant',
      name: 'Whatever',
      password: 'a password bob chose for luis',
    });
    const fresh = await app.auth.addUser(ownerB, {
      email: 'new@beta.test',
      role: 'consultant',
      name: 'Whatever',
      password: 'a password bob chose for luis',
    });
    const shape = ({ id: _id, email: _email, invitedAt: _at, ...rest }: typeof existing) => rest;
    expect(shape(existing)).toEqual(shape(fresh));
    expect(shape(existing)).toEqual({ role: 'consultant', status: 'invited' });
    expect(Object.keys(existing).sort()).toEqual(Object.keys(fresh).sort());

    // The list shows both as invited, and nothing of Luis's account.
    const listed = (await app.auth.listUsers(ownerB)).filter((u) => u.status === 'invited');
    expect(listed.map((u) => [u.email, u.name, u.hasPassword]).sort()).toEqual([
      ['luis@alpha.test', null, false],
      ['new@beta.test', null, false],
    ]);
    const audit = await app.audit.list(ownerB, { action: 'user.invited' });
    expect(audit.map((e) => e.details.email)).toEqual(['new@beta.test', 'luis@alpha.test', 'bob@beta.test']);
    for (const e of audit) expect(Object.keys(e.details).sort()).toEqual(['email', 'role']);

    // Luis's old session does not reach Beta; an admin cannot accept for him.
    expect(await code(app.auth.setUserStatus(ownerB, 'luis@alpha.test', 'active'))).toBe('AUTH.INVITATION_PENDING');
    // Bob's password for Luis does nothing: Luis keeps his own.
    expect(await code(app.auth.login({ email: 'luis@alpha.test', password: 'a password bob chose for luis' }))).toBe(
      'AUTH.BAD_CREDENTIALS',
    );

    // Luis logs in: the invitation is accepted, and he is a consultant of Beta.
    const { organizations } = await app.auth.login({ email: 'luis@alpha.test', password: PASSWORD });
    expect(organizations.map((o) => o.slug).sort()).toEqual(['alpha', 'beta']);
    const luisInBeta = await signIn(app, 'luis@alpha.test', 'beta');
    expect(luisInBeta.role).toBe('consultant');
    expect((await app.audit.list(ownerB, { action: 'user.joined' })).map((e) => e.details.email)).toEqual([
      'luis@alpha.test',
      'bob@beta.test',
    ]);
    // The new account logs in with the initial password and joins too.
    await expect(signIn(app, 'new@beta.test', 'beta', 'a password bob chose for luis')).resolves.toBeTruthy();
  });

  it('a withdrawn invitation (disabled before it was accepted) is not accepted at login', async () => {
    await app.auth.addUser(ownerB, { email: 'luis@alpha.test', role: 'viewer' });
    await app.auth.setUserStatus(ownerB, 'luis@alpha.test', 'disabled');
    const { organizations } = await app.auth.login({ email: 'luis@alpha.test', password: PASSWORD });
    expect(organizations.find((o) => o.slug === 'beta')).toMatchObject({ status: 'disabled' });
    expect(await code(signIn(app, 'luis@alpha.test', 'beta'))).toBe('AUTH.MEMBERSHIP_DISABLED');
  });
});
