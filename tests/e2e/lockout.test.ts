import { describe, expect, it } from 'vitest';
import { addMember, type AuditEventJson, expectExit, initWorkspace, login, PASSWORD, Sandbox } from './helpers.js';
import { DIALECTS } from '../support/databases.js';

describe.each(DIALECTS)('account lockout after repeated failed logins on $name', (dialect) => {
  it('locks a member after lockout.maxFailures wrong passwords, refuses the right one, and audits it', async () => {
    const sandbox = await Sandbox.on(dialect);
    const owner = sandbox.person('owner');
    const luis = sandbox.person('luis');

    const { organization } = await initWorkspace(owner, 'Acme', 'ana@acme.test');
    const member = await addMember(owner, organization.slug, 'luis@acme.test', 'consultant');

    // A profile may ask for a stricter policy than the organisation's (5 failures).
    expectExit(await luis.run(['config', 'set', 'lockout.maxFailures', '3']), 0);
    expect(await luis.json(['config', 'get', 'lockout.maxFailures'])).toEqual({ key: 'lockout.maxFailures', value: 3 });

    // Every failure, the locking one included, gets the same answer as an unknown email.
    const unknown = expectExit(await login(luis, 'nobody@acme.test'), 6);
    for (let i = 1; i <= 3; i++) {
      const r = expectExit(await login(luis, 'luis@acme.test', `wrong password ${i}!`), 6);
      expect(r.stderr).toBe(unknown.stderr);
    }

    // The right password no longer helps, and the answer is still the same.
    const refused = expectExit(await login(luis, 'luis@acme.test'), 6);
    expect(refused.stderr).toBe(unknown.stderr);
    expect(refused.stderr).toContain('invalid email or password, or the account is locked');
    expect(refused.stdout).toBe('');
    const refusedJson = await luis.jsonError(['login', '--email', 'luis@acme.test', '--password-stdin'], 6, {
      input: `${PASSWORD}\n`,
    });
    expect(refusedJson.error).toMatchObject({ code: 'AUTH.BAD_CREDENTIALS', kind: 'unauthenticated' });
    // No session was stored for luis.
    expectExit(await luis.run(['whoami']), 6);

    // The owner sees the lock, the failures and the blocked attempts in the organisation's trail.
    const [locked, failed, blocked, logins, verdict] = await Promise.all([
      owner.json<AuditEventJson[]>(['audit', 'list', '--action', 'auth.account_locked']),
      owner.json<AuditEventJson[]>(['audit', 'list', '--action', 'auth.login_failed']),
      owner.json<AuditEventJson[]>(['audit', 'list', '--action', 'auth.login_blocked']),
      owner.json<AuditEventJson[]>(['audit', 'list', '--action', 'auth.login']),
      owner.json<{ ok: boolean }>(['audit', 'verify']),
    ]);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({
      action: 'auth.account_locked',
      target: { type: 'user', id: member.id },
      details: { email: 'luis@acme.test', failures: 3 },
    });
    expect(failed.map((e) => e.details.email)).toEqual(['luis@acme.test', 'luis@acme.test', 'luis@acme.test']);
    expect(blocked).toHaveLength(2);
    expect(logins.map((e) => e.actor.label)).toEqual(['ana@acme.test']);
    expect(verdict.ok).toBe(true);

    // The lock is per account: the owner, with the default policy, still logs in.
    expectExit(await login(owner, 'ana@acme.test'), 0);
  });
});
