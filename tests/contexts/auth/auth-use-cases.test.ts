import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, signIn, type TestClock, testApp } from '../../support/app.js';

describe.each(DIALECTS)('auth use cases on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app, clock } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'Ana@Acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    );

  async function auditActions(principal: Principal): Promise<string[]> {
    return (await app.audit.list(principal, { limit: 1000 })).map((e) => e.action).reverse();
  }

  it('init creates the organisation and its owner, logs in, and refuses a second time', async () => {
    expect(owner.org?.slug).toBe('acme-consulting');
    expect(owner.role).toBe('owner');
    expect(owner.actor).toMatchObject({ type: 'user', email: 'ana@acme.test' });
    expect(await auditActions(owner)).toEqual(['org.created', 'user.added', 'auth.login']);
    expect(await code(app.auth.init({ orgName: 'Other', email: 'x@y.test', password: PASSWORD }))).toBe(
      'AUTH.ALREADY_INITIALISED',
    );
  });

  it('rejects weak passwords and bad emails before writing anything', async () => {
    expect(await code(app.auth.addUser(owner, { email: 'not-an-email', role: 'viewer' }))).toBe('AUTH.BAD_EMAIL');
    expect(await code(app.auth.addUser(owner, { email: 'b@acme.test', role: 'viewer', password: 'short' }))).toBe(
      'AUTH.WEAK_PASSWORD',
    );
    expect(await code(app.auth.addUser(owner, { email: 'b@acme.test', role: 'superuser' as never }))).toBe(
      'INPUT.INVALID',
    );
    expect((await app.auth.listUsers(owner)).map((u) => u.email)).toEqual(['ana@acme.test']);
  });

  it('sessions expire and end at logout', async () => {
    const { session } = await app.auth.login({ email: 'ana@acme.test', password: PASSWORD });
    clock.advanceMinutes(11 * 60);
    await expect(app.auth.authenticate({ sessionSecret: session.token })).resolves.toBeTruthy();
    clock.advanceMinutes(61);
    expect(await code(app.auth.authenticate({ sessionSecret: session.token }))).toBe('AUTH.SESSION_EXPIRED');

    const second = await app.auth.login({ email: 'ana@acme.test', password: PASSWORD });
    expect(await app.auth.logout(second.session.token)).toEqual({ revoked: true });
    expect(await code(app.auth.authenticate({ sessionSecret: second.session.token }))).toBe('AUTH.NOT_LOGGED_IN');
    expect(await code(app.auth.authenticate({}))).toBe('AUTH.NOT_LOGGED_IN');
  });

  it('locks an account after 5 failures within 15 minutes, for 15 minutes, and audits it', async () => {
    for (let i = 0; i < 4; i++) {
      expect(await code(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }))).toBe(
        'AUTH.BAD_CREDENTIALS',
      );
    }
    // A lock answers like any failed login, so it does not tell that the email has an account.
    expect(await code(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }))).toBe(
      'AUTH.BAD_CREDENTIALS',
    );
    // Even the right password is refused while locked.
    expect(await code(app.auth.login({ email: 'ana@acme.test', password: PASSWORD }))).toBe('AUTH.BAD_CREDENTIALS');
    clock.advanceMinutes(16);
    const after = await app.auth.login({ email: 'ana@acme.test', password: PASSWORD });
    const principal = await app.auth.authenticate({ sessionSecret: after.session.token });
    const actions = await auditActions(principal);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.account_locked');
    expect(actions).toContain('auth.login_blocked');
  });

  it('forgets failures older than the window', async () => {
    for (let i = 0; i < 4; i++) await code(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }));
    clock.advanceMinutes(16);
    expect(await code(app.auth.login({ email: 'ana@acme.test', password: 'wrong password!' }))).toBe(
      'AUTH.BAD_CREDENTIALS',
    );
    await expect(app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).resolves.toBeTruthy();
  });

  it('answers unknown emails like wrong passwords', async () => {
    expect(await code(app.auth.login({ email: 'nobody@acme.test', password: PASSWORD }))).toBe('AUTH.BAD_CREDENTIALS');
  });

  it('derives unique slugs and makes the creator owner', async () => {
    const a = await app.auth.createOrganization(owner, { name: 'Hospital Central' });
    const b = await app.auth.createOrganization(owner, { name: 'Hospital  Central!' });
    const c = await app.auth.createOrganization(owner, { name: 'Ñandú Seguridad' });
    expect([a.slug, b.slug, c.slug]).toEqual(['hospital-central', 'hospital-central-2', 'nandu-seguridad']);
    expect((await app.auth.listOrganizations(owner)).map((o) => [o.slug, o.role])).toEqual([
      ['acme-consulting', 'owner'],
      ['hospital-central', 'owner'],
      ['hospital-central-2', 'owner'],
      ['nandu-seguridad', 'owner'],
    ]);
  });

  describe('roles', () => {
    it('lets only owners and admins manage people, and only owners manage owners', async () => {
      await app.auth.addUser(owner, { email: 'adm@acme.test', role: 'admin', password: PASSWORD });
      await app.auth.addUser(owner, { email: 'view@acme.test', role: 'viewer', password: PASSWORD });
      const admin = await signIn(app, 'adm@acme.test');
      const viewer = await signIn(app, 'view@acme.test');

      expect(await code(app.auth.addUser(viewer, { email: 'x@acme.test', role: 'viewer' }))).toBe('AUTH.FORBIDDEN');
      expect(await code(app.auth.listTokens(viewer))).toBe('AUTH.FORBIDDEN');
      expect(await code(app.audit.list(viewer, {}))).toBe('AUTH.FORBIDDEN');
      await expect(app.auth.listUsers(viewer)).resolves.toHaveLength(3);

      expect(await code(app.auth.addUser(admin, { email: 'o2@acme.test', role: 'owner' }))).toBe('AUTH.OWNER_ONLY');
      expect(await code(app.auth.changeRole(admin, { email: 'ana@acme.test', role: 'viewer' }))).toBe(
        'AUTH.OWNER_ONLY',
      );
      expect(await code(app.auth.setUserStatus(admin, 'ana@acme.test', 'disabled'))).toBe('AUTH.OWNER_ONLY');
      await expect(app.auth.changeRole(admin, { email: 'view@acme.test', role: 'consultant' })).resolves.toMatchObject({
        role: 'consultant',
      });
    });

    it('never leaves an organisation without an active owner', async () => {
      expect(await code(app.auth.changeRole(owner, { email: 'ana@acme.test', role: 'admin' }))).toBe('AUTH.LAST_OWNER');
      // An invited owner counts once they have joined (by logging in).
      await app.auth.addUser(owner, { email: 'o2@acme.test', role: 'owner', password: PASSWORD });
      expect(await code(app.auth.changeRole(owner, { email: 'ana@acme.test', role: 'admin' }))).toBe('AUTH.LAST_OWNER');
      await app.auth.login({ email: 'o2@acme.test', password: PASSWORD });
      await expect(app.auth.changeRole(owner, { email: 'ana@acme.test', role: 'admin' })).resolves.toMatchObject({
        role: 'admin',
      });
    });

    it('a disabled member cannot act on the organisation', async () => {
      await app.auth.addUser(owner, { email: 'c@acme.test', role: 'consultant', password: PASSWORD });
      const { session } = await app.auth.login({ email: 'c@acme.test', password: PASSWORD });
      await app.auth.setUserStatus(owner, 'c@acme.test', 'disabled');
      expect(await code(app.auth.authenticate({ sessionSecret: session.token, orgSlug: 'acme-consulting' }))).toBe(
        'AUTH.MEMBERSHIP_DISABLED',
      );
      await app.auth.setUserStatus(owner, 'c@acme.test', 'active');
      await expect(
        app.auth.authenticate({ sessionSecret: session.token, orgSlug: 'acme-consulting' }),
      ).resolves.toMatchObject({ role: 'consultant' });
    });
  });

  describe('tenant isolation', () => {
    let other: Principal;
    beforeEach(async () => {
      // Beta's owner belongs to Beta only.
      const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
      const ownerInBeta = await app.auth.authenticate({
        sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
        orgSlug: beta.slug,
      });
      await app.auth.addUser(ownerInBeta, { email: 'bob@beta.test', role: 'owner', password: PASSWORD });
      other = await signIn(app, 'bob@beta.test');
      await app.auth.addUser(owner, { email: 'carla@acme.test', role: 'consultant', password: PASSWORD });
    });

    it("cannot pick, list or change another organisation's people", async () => {
      expect(other.org?.slug).toBe('beta');
      const bobSession = (await app.auth.login({ email: 'bob@beta.test', password: PASSWORD })).session.token;
      expect(await code(app.auth.authenticate({ sessionSecret: bobSession, orgSlug: 'acme-consulting' }))).toBe(
        'AUTH.ORG_NOT_FOUND',
      );
      expect(await code(app.auth.authenticate({ sessionSecret: bobSession, orgSlug: 'does-not-exist' }))).toBe(
        'AUTH.ORG_NOT_FOUND',
      );
      expect((await app.auth.listUsers(other)).map((u) => u.email)).toEqual(['ana@acme.test', 'bob@beta.test']);
      expect(await code(app.auth.showUser(other, 'carla@acme.test'))).toBe('AUTH.USER_NOT_FOUND');
      expect(await code(app.auth.changeRole(other, { email: 'carla@acme.test', role: 'viewer' }))).toBe(
        'AUTH.USER_NOT_FOUND',
      );
      expect(await code(app.auth.setUserStatus(other, 'carla@acme.test', 'disabled'))).toBe('AUTH.USER_NOT_FOUND');
      expect(
        await code(app.auth.changePassword(other, { email: 'carla@acme.test', newPassword: 'a brand new password' })),
      ).toBe('AUTH.USER_NOT_FOUND');
      expect(await code(app.auth.showOrganization(other, 'acme-consulting'))).toBe('AUTH.ORG_NOT_FOUND');
      expect((await app.auth.listOrganizations(other)).map((o) => o.slug)).toEqual(['beta']);
    });

    it("cannot see or revoke another organisation's tokens or audit entries", async () => {
      const token = await app.auth.createToken(owner, { name: 'ci', role: 'viewer' });
      expect(await code(app.auth.revokeToken(other, token.id))).toBe('AUTH.TOKEN_NOT_FOUND');
      expect(await code(app.auth.revokeToken(other, 'ci'))).toBe('AUTH.TOKEN_NOT_FOUND');
      expect(await app.auth.listTokens(other)).toEqual([]);
      const betaAudit = await app.audit.list(other, { limit: 1000 });
      expect(betaAudit.every((e) => !JSON.stringify(e).includes('carla@acme.test'))).toBe(true);
      expect(betaAudit.some((e) => e.action === 'token.created')).toBe(false);
      expect(await code(app.auth.authenticate({ apiToken: token.secret, orgSlug: 'beta' }))).toBe(
        'AUTH.TOKEN_OTHER_ORG',
      );
    });

    it('an admin cannot reset the password of an account shared with another organisation', async () => {
      // ana belongs to both organisations; bob owns beta only.
      expect(
        await code(app.auth.changePassword(other, { email: 'ana@acme.test', newPassword: 'taken over password' })),
      ).toBe('AUTH.SHARED_ACCOUNT');
    });
  });

  describe('API tokens', () => {
    it('authenticate with the role given, are stored hashed, and stop at revocation or expiry', async () => {
      const token = await app.auth.createToken(owner, { name: 'ci', role: 'consultant', expiresDays: 30 });
      expect(token.secret).toMatch(/^rnf_tok_/);
      const principal = await app.auth.authenticate({ apiToken: token.secret });
      expect(principal).toMatchObject({
        actor: { type: 'token', name: 'ci' },
        role: 'consultant',
        org: { slug: 'acme-consulting' },
      });
      expect(await code(app.auth.createToken(principal, { name: 'x' }))).toBe('AUTH.USER_REQUIRED');

      const stored = await app.handle.db.selectFrom('auth_api_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token.secret);
      expect(JSON.stringify(await app.auth.listTokens(owner))).not.toContain(token.secret);

      clock.advanceMinutes(31 * 24 * 60);
      expect(await code(app.auth.authenticate({ apiToken: token.secret }))).toBe('AUTH.BAD_TOKEN');

      const second = await app.auth.createToken(owner, { name: 'ci2' });
      expect(second.role).toBe('viewer');
      await app.auth.revokeToken(owner, 'ci2');
      expect(await code(app.auth.authenticate({ apiToken: second.secret }))).toBe('AUTH.BAD_TOKEN');
      expect(await code(app.auth.authenticate({ apiToken: 'rnf_tok_forged' }))).toBe('AUTH.BAD_TOKEN');
    });

    it('cannot grant more than the creator has, nor share a name with an active token', async () => {
      await app.auth.addUser(owner, { email: 'adm@acme.test', role: 'admin', password: PASSWORD });
      const admin = await signIn(app, 'adm@acme.test');
      expect(await code(app.auth.createToken(admin, { name: 'root', role: 'owner' }))).toBe('AUTH.TOKEN_ROLE');
      await app.auth.createToken(admin, { name: 'ci', role: 'admin' });
      expect(await code(app.auth.createToken(admin, { name: 'ci' }))).toBe('AUTH.TOKEN_EXISTS');
    });
  });

  describe('passwords', () => {
    it('changing your own needs the current one and ends your sessions', async () => {
      const { session } = await app.auth.login({ email: 'ana@acme.test', password: PASSWORD });
      expect(
        await code(
          app.auth.changePassword(owner, { currentPassword: 'wrong one', newPassword: 'a brand new password' }),
        ),
      ).toBe('AUTH.BAD_CREDENTIALS');
      await app.auth.changePassword(owner, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(await code(app.auth.authenticate({ sessionSecret: session.token }))).toBe('AUTH.NOT_LOGGED_IN');
      expect(await code(app.auth.login({ email: 'ana@acme.test', password: PASSWORD }))).toBe('AUTH.BAD_CREDENTIALS');
      await expect(app.auth.login({ email: 'ana@acme.test', password: 'a brand new password' })).resolves.toBeTruthy();
    });

    it('stores salted scrypt hashes, never the password', async () => {
      await app.auth.addUser(owner, { email: 'b@acme.test', role: 'viewer', password: PASSWORD });
      const rows = await app.handle.db
        .selectFrom('auth_users')
        .select(['email', 'password_hash'])
        .orderBy('email')
        .execute();
      expect(rows.map((r) => r.password_hash?.split('$')[0])).toEqual(['scrypt', 'scrypt']);
      expect(rows[0]?.password_hash).not.toBe(rows[1]?.password_hash);
      expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    });
  });

  describe('audit trail', () => {
    it('records every change in the same transaction, and rolls both back together', async () => {
      const before = await auditActions(owner);
      // Break the audit chain head so the audit write fails after the user insert.
      await app.handle.db.deleteFrom('audit_chain_heads').where('chain_key', '=', `org:${owner.org?.id}`).execute();
      await expect(app.auth.addUser(owner, { email: 'late@acme.test', role: 'viewer' })).rejects.toThrow(/no head/);
      const users = await app.handle.db
        .selectFrom('auth_users')
        .select('email')
        .where('email', '=', 'late@acme.test')
        .execute();
      expect(users).toEqual([]);
      expect(await auditActions(owner)).toEqual(before);
    });

    it('verifies, and names the first edited or missing entry', async () => {
      await app.auth.addUser(owner, { email: 'b@acme.test', role: 'viewer' });
      await app.auth.addUser(owner, { email: 'c@acme.test', role: 'viewer' });
      await expect(app.audit.verify(owner)).resolves.toMatchObject({ ok: true, count: 5 });
      const chain = `org:${owner.org?.id}`;
      const db = app.handle.db;

      await db
        .updateTable('audit_events')
        .set({ details: '{"email":"mallory@acme.test","role":"owner"}' })
        .where('chain_key', '=', chain)
        .where('seq', '=', 4)
        .execute();
      await expect(app.audit.verify(owner)).resolves.toMatchObject({
        ok: false,
        seq: 4,
        problem: 'entry 4 was altered',
      });

      await db.deleteFrom('audit_events').where('chain_key', '=', chain).where('seq', '=', 4).execute();
      await expect(app.audit.verify(owner)).resolves.toMatchObject({
        ok: false,
        seq: 4,
        problem: 'entry 4 is missing',
      });
    });

    it('detects entries removed from the end of the chain', async () => {
      const chain = `org:${owner.org?.id}`;
      await app.handle.db.deleteFrom('audit_events').where('chain_key', '=', chain).where('seq', '=', 3).execute();
      await expect(app.audit.verify(owner)).resolves.toMatchObject({ ok: false, seq: 3 });
    });
  });

  describe('schema versions', () => {
    it('refuses writes when the database is newer than this renfe, but still reads', async () => {
      await sql`insert into renfe_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        app.handle.db,
      );
      await app.close();
      ({ app } = await testApp(database, clock, 'current'));
      await expect(app.auth.listUsers(owner)).resolves.toHaveLength(1);
      expect(await code(app.auth.createOrganization(owner, { name: 'New' }))).toBe('DB.SCHEMA_NEWER');
    });
  });
});
