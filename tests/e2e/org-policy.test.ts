import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addMember, expectExit, initWorkspace, PASSWORD, Sandbox } from './helpers.js';

/**
 * The login policy lives in the database: an attacker's own profile cannot
 * switch lockout off or stretch a session past what the organisation allows.
 */
describe.each(DIALECTS)('organisation login policy through the CLI on $name', (dialect) => {
  it('org policy set wins over a weaker client config; show reports it; bad values exit 3', async () => {
    const database = await dialect.fresh();
    try {
      const sandbox = Sandbox.create();
      const env = { RENFE_DATABASE_URL: database.url };
      const owner = sandbox.person('owner', { env });
      const attacker = sandbox.person('attacker', { env });
      const { organization } = await initWorkspace(owner, 'Acme', 'ana@acme.test');
      await addMember(owner, organization.slug, 'luis@acme.test', 'consultant');

      const set = await owner.json(['org', 'policy', 'set', '--max-failures', '3', '--session-hours', '2']);
      expect(set).toMatchObject({ maxFailures: 3, sessionHours: 2, stored: true });
      expect(await owner.json(['org', 'policy', 'show'])).toMatchObject({ maxFailures: 3, lockMinutes: 15 });
      const bad = expectExit(await owner.run(['org', 'policy', 'set', '--max-failures', '1000000']), 3);
      expect(bad.stderr).toContain('maxFailures must be a whole number from 3 to 20, got 1000000');

      expectExit(await attacker.run(['config', 'set', 'lockout.maxFailures', '1000000']), 0);
      expectExit(await attacker.run(['config', 'set', 'session.hours', '1000000000']), 0);
      const login = await attacker.json(['login', '--email', 'luis@acme.test', '--password-stdin'], {
        input: `${PASSWORD}\n`,
      });
      const hours = (Date.parse(login.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(1.9);
      expect(hours).toBeLessThanOrEqual(2);

      for (let i = 1; i <= 3; i++) {
        const r = await attacker.run(['login', '--email', 'luis@acme.test', '--password-stdin'], {
          input: `wrong password ${i}!\n`,
        });
        expectExit(r, 6);
      }
      // Locked after the organisation's 3 failures, not the profile's million.
      expectExit(
        await attacker.run(['login', '--email', 'luis@acme.test', '--password-stdin'], { input: `${PASSWORD}\n` }),
        6,
      );
      const locks = await owner.json<unknown[]>(['audit', 'list', '--action', 'auth.account_locked']);
      expect(locks).toHaveLength(1);
      const changes = await owner.json<{ details: unknown }[]>(['audit', 'list', '--action', 'org.policy_changed']);
      expect(changes).toHaveLength(1);
    } finally {
      await database.drop();
    }
  });
});
