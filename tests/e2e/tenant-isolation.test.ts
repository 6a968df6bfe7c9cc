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
import { DIALECTS } from '../support/databases.js';

describe.each(DIALECTS)('tenant isolation: two organisations in one database on $name', (dialect) => {
  it("a member of B only cannot see or change anything of A, even knowing A's slug, emails and ids", async () => {
    const sandbox = await Sandbox.on(dialect);
    const ana = sandbox.person('ana'); // owner of A (and, as its creator, of B)
    const bob = sandbox.person('bob'); // owner of B only

    // A: Alpha Corp, with a passwordless member carol and an API token.
    const init = await initWorkspace(ana, 'Alpha Corp', 'ana@alpha.test');
    const A = init.organization;
    expect(A.slug).toBe('alpha-corp');
    // B: Beta Labs, created by ana, whose second owner bob belongs to B only.
    const [carol, aToken, B] = await Promise.all([
      ana.json<MemberJson>([
        'user',
        'add',
        '--email',
        'carol@alpha.test',
        '--role',
        'consultant',
        '--name',
        'Carol Secret',
      ]),
      ana.json<{ id: string; name: string; secret: string }>([
        'token',
        'create',
        '--name',
        'alpha-ci',
        '--role',
        'admin',
      ]),
      ana.json<{ id: string; slug: string }>(['org', 'create', 'Beta Labs']),
    ]);
    expect(B.slug).toBe('beta-labs');
    const bobMember = await addMember(ana, B.slug, 'bob@beta.test', 'owner');
    expectExit(await login(bob, 'bob@beta.test'), 0);

    const aSecrets = [A.id, A.name, carol.id, carol.email, 'Carol Secret', aToken.id, aToken.secret];
    const revealsNothingOfA = (text: string) => {
      for (const s of aSecrets) expect(text, `leaked ${s}`).not.toContain(s);
    };

    // Bob's only organisation is B, and it became his default.
    const [bobOrgs, bobWho, probe, ghost] = await Promise.all([
      bob.json<Array<{ slug: string }>>(['org', 'list']),
      bob.json(['whoami']),
      bob.run(['--org', A.slug, 'user', 'list']),
      bob.run(['--org', 'no-such-org', 'user', 'list']),
    ]);
    expect(bobOrgs.map((o) => o.slug)).toEqual([B.slug]);
    expect(bobWho).toMatchObject({ organization: { slug: B.slug }, role: 'owner' });

    // Naming A explicitly: not found (4), exactly like an organisation that does not exist.
    expectExit(probe, 4);
    expect(probe.stdout).toBe('');
    revealsNothingOfA(probe.stderr);
    expectExit(ghost, 4);
    expect(probe.stderr.replaceAll(A.slug, '<slug>')).toBe(ghost.stderr.replaceAll('no-such-org', '<slug>'));
    const probes = await Promise.all(
      [
        ['--org', A.slug, 'audit', 'list'],
        ['--org', A.slug, 'token', 'list'],
        ['org', 'show', A.slug],
        ['org', 'use', A.slug],
      ].map((args) => bob.run(args)),
    );
    for (const r of probes) {
      expectExit(r, 4);
      expect(r.stdout).toBe('');
      revealsNothingOfA(r.stderr);
    }

    // A's people and tokens, named from inside B or with --org A: nothing happens.
    const attacks = await Promise.all(
      [
        ['user', 'show', carol.email],
        ['user', 'role', carol.email, 'viewer'],
        ['user', 'disable', carol.email],
        ['token', 'revoke', aToken.id],
        ['token', 'revoke', aToken.name],
        ['--org', A.slug, 'user', 'role', carol.email, 'viewer'],
        ['--org', A.slug, 'user', 'disable', carol.email],
        ['--org', A.slug, 'token', 'revoke', aToken.id],
      ].map((args) => bob.run(args)),
    );
    for (const r of attacks) {
      expectExit(r, 4);
      expect(r.stdout).toBe('');
      // The only A-things in the message are the email or id bob typed himself.
      revealsNothingOfA(r.stderr.replaceAll(carol.email, '').replaceAll(aToken.id, ''));
    }

    // B's API token (owner role) is bound to B: it may not act on A.
    const bToken = await bob.json<{ secret: string }>(['token', 'create', '--name', 'beta-ci', '--role', 'owner']);
    const tokenUser = sandbox.person('beta-ci', { env: { RENFE_TOKEN: bToken.secret } });
    const crossOrg = await Promise.all(
      [
        ['--org', A.slug, 'user', 'list'],
        ['--org', A.slug, 'audit', 'list'],
        ['--org', A.slug, 'token', 'revoke', aToken.id],
      ].map((args) => tokenUser.run(args)),
    );
    for (const r of crossOrg) {
      expectExit(r, 7);
      expect(r.stdout).toBe('');
      revealsNothingOfA(r.stderr.replaceAll(aToken.id, ''));
    }
    // Without --org the token works, on B only; B's audit trail holds B's events only.
    const [viaToken, bUsers, bAudit] = await Promise.all([
      tokenUser.json<Array<{ slug: string }>>(['org', 'list']),
      tokenUser.json<MemberJson[]>(['user', 'list']),
      bob.json<AuditEventJson[]>(['audit', 'list', '--limit', '1000']),
    ]);
    expect(viaToken.map((o) => o.slug)).toEqual([B.slug]);
    expect(bUsers.map((u) => u.email).sort()).toEqual(['ana@alpha.test', bobMember.email]);

    expect(bAudit.length).toBeGreaterThan(0);
    expect(bAudit.map((e) => e.action)).toContain('org.created');
    revealsNothingOfA(JSON.stringify(bAudit));
    expect(bAudit.filter((e) => e.action === 'org.created').map((e) => e.target.id)).toEqual([B.id]);

    // A is untouched: carol keeps her role and status, the token is still active, the chain verifies.
    const [aUsers, aTokens, aAudit, aVerify, bVerify] = await Promise.all([
      ana.json<MemberJson[]>(['--org', A.slug, 'user', 'list']),
      ana.json<Array<{ id: string; state: string }>>(['--org', A.slug, 'token', 'list']),
      ana.json<AuditEventJson[]>(['--org', A.slug, 'audit', 'list', '--limit', '1000']),
      ana.json<{ ok: boolean }>(['--org', A.slug, 'audit', 'verify']),
      bob.json<{ ok: boolean }>(['audit', 'verify']),
    ]);
    // Carol has never logged in, so she is still invited.
    expect(aUsers.find((u) => u.email === carol.email)).toMatchObject({ role: 'consultant', status: 'invited' });
    expect(aUsers.map((u) => u.email)).not.toContain(bobMember.email);
    expect(aTokens).toEqual([expect.objectContaining({ id: aToken.id, state: 'active' })]);
    expect(aAudit.map((e) => e.action).sort()).toEqual([
      'auth.login',
      'org.created',
      'token.created',
      'user.added',
      'user.invited',
    ]);
    expect(aVerify).toMatchObject({ ok: true, count: 5, organization: A.slug });
    expect(bVerify).toMatchObject({ ok: true, organization: B.slug });
  });
});
