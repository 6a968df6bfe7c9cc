import { describe, expect, it } from 'vitest';
import {
  addMember,
  type AuditEventJson,
  expectExit,
  initWorkspace,
  login,
  type MemberJson,
  Sandbox,
} from './helpers.js';

describe('tenant isolation: two organisations in one database', () => {
  it("a member of B only cannot see or change anything of A, even knowing A's slug, emails and ids", async () => {
    const sandbox = Sandbox.create();
    const ana = sandbox.person('ana'); // owner of A (and, as its creator, of B)
    const bob = sandbox.person('bob'); // owner of B only

    // A: Alpha Corp, with a passwordless member carol and an API token.
    const init = await initWorkspace(ana, 'Alpha Corp', 'ana@alpha.test');
    const A = init.organization;
    expect(A.slug).toBe('alpha-corp');
    const carol = await ana.json<MemberJson>(['user', 'add', '--email', 'carol@alpha.test', '--role', 'consultant', '--name', 'Carol Secret']);
    const aToken = await ana.json<{ id: string; name: string; secret: string }>(['token', 'create', '--name', 'alpha-ci', '--role', 'admin']);

    // B: Beta Labs, created by ana, whose second owner bob belongs to B only.
    const B = await ana.json<{ id: string; slug: string }>(['org', 'create', 'Beta Labs']);
    expect(B.slug).toBe('beta-labs');
    const bobMember = await addMember(ana, B.slug, 'bob@beta.test', 'owner');
    expectExit(await login(bob, 'bob@beta.test'), 0);

    const aSecrets = [A.id, A.name, carol.id, carol.email, 'Carol Secret', aToken.id, aToken.secret];
    const revealsNothingOfA = (text: string) => {
      for (const s of aSecrets) expect(text, `leaked ${s}`).not.toContain(s);
    };

    // Bob's only organisation is B, and it became his default.
    const bobOrgs = await bob.json<Array<{ slug: string }>>(['org', 'list']);
    expect(bobOrgs.map((o) => o.slug)).toEqual([B.slug]);
    expect(await bob.json(['whoami'])).toMatchObject({ organization: { slug: B.slug }, role: 'owner' });

    // Naming A explicitly: not found (4), exactly like an organisation that does not exist.
    const probe = expectExit(await bob.run(['--org', A.slug, 'user', 'list']), 4);
    expect(probe.stdout).toBe('');
    revealsNothingOfA(probe.stderr);
    const ghost = expectExit(await bob.run(['--org', 'no-such-org', 'user', 'list']), 4);
    expect(probe.stderr.replaceAll(A.slug, '<slug>')).toBe(ghost.stderr.replaceAll('no-such-org', '<slug>'));
    for (const args of [
      ['--org', A.slug, 'audit', 'list'],
      ['--org', A.slug, 'token', 'list'],
      ['org', 'show', A.slug],
      ['org', 'use', A.slug],
    ]) {
      const r = expectExit(await bob.run(args), 4);
      expect(r.stdout).toBe('');
      revealsNothingOfA(r.stderr);
    }

    // A's people and tokens, named from inside B or with --org A: nothing happens.
    for (const args of [
      ['user', 'show', carol.email],
      ['user', 'role', carol.email, 'viewer'],
      ['user', 'disable', carol.email],
      ['token', 'revoke', aToken.id],
      ['token', 'revoke', aToken.name],
      ['--org', A.slug, 'user', 'role', carol.email, 'viewer'],
      ['--org', A.slug, 'user', 'disable', carol.email],
      ['--org', A.slug, 'token', 'revoke', aToken.id],
    ]) {
      const r = expectExit(await bob.run(args), 4);
      expect(r.stdout).toBe('');
      revealsNothingOfA(r.stderr.replaceAll(carol.email, '').replaceAll(aToken.id, ''));
    }

    // B's API token (owner role) is bound to B: it may not act on A.
    const bToken = await bob.json<{ secret: string }>(['token', 'create', '--name', 'beta-ci', '--role', 'owner']);
    const tokenUser = sandbox.person('beta-ci', { env: { RENFE_TOKEN: bToken.secret } });
    for (const args of [
      ['--org', A.slug, 'user', 'list'],
      ['--org', A.slug, 'audit', 'list'],
      ['--org', A.slug, 'token', 'revoke', aToken.id],
    ]) {
      const r = expectExit(await tokenUser.run(args), 7);
      expect(r.stdout).toBe('');
      revealsNothingOfA(r.stderr);
    }
    // Without --org the token works, on B only.
    const viaToken = await tokenUser.json<Array<{ slug: string }>>(['org', 'list']);
    expect(viaToken.map((o) => o.slug)).toEqual([B.slug]);
    const bUsers = await tokenUser.json<MemberJson[]>(['user', 'list']);
    expect(bUsers.map((u) => u.email).sort()).toEqual(['ana@alpha.test', bobMember.email]);

    // B's audit trail holds B's events only.
    const bAudit = await bob.json<AuditEventJson[]>(['audit', 'list', '--limit', '1000']);
    expect(bAudit.length).toBeGreaterThan(0);
    expect(bAudit.map((e) => e.action)).toContain('org.created');
    revealsNothingOfA(JSON.stringify(bAudit));
    expect(bAudit.filter((e) => e.action === 'org.created').map((e) => e.target.id)).toEqual([B.id]);

    // A is untouched: carol keeps her role and status, the token is still active, the chain verifies.
    const aUsers = await ana.json<MemberJson[]>(['--org', A.slug, 'user', 'list']);
    expect(aUsers.find((u) => u.email === carol.email)).toMatchObject({ role: 'consultant', status: 'active' });
    expect(aUsers.map((u) => u.email)).not.toContain(bobMember.email);
    const aTokens = await ana.json<Array<{ id: string; state: string }>>(['--org', A.slug, 'token', 'list']);
    expect(aTokens).toEqual([expect.objectContaining({ id: aToken.id, state: 'active' })]);
    const aAudit = await ana.json<AuditEventJson[]>(['--org', A.slug, 'audit', 'list', '--limit', '1000']);
    expect(aAudit.map((e) => e.action).sort()).toEqual(['auth.login', 'org.created', 'token.created', 'user.added', 'user.added']);
    expectExit(await ana.run(['--org', A.slug, 'audit', 'verify']), 0);
    expectExit(await bob.run(['audit', 'verify']), 0);
  });
});
