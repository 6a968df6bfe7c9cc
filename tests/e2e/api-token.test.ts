import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { databaseText, expectExit, initWorkspace, Sandbox } from './helpers.js';
import { DIALECTS } from '../support/databases.js';

interface TokenJson {
  id: string;
  name: string;
  prefix: string;
  role: string;
  state: string;
  secret?: string;
}

describe.each(DIALECTS)('API tokens (RENFE_TOKEN) on $name', (dialect) => {
  it('prints the secret once, works without any login, is limited by its role, and dies when revoked', async () => {
    const sandbox = await Sandbox.on(dialect);
    const owner = sandbox.person('owner');
    const { organization } = await initWorkspace(owner, 'Acme', 'ana@acme.test');

    const created = await owner.json<TokenJson>(['token', 'create', '--name', 'ci', '--role', 'viewer']);
    expect(created).toMatchObject({ name: 'ci', role: 'viewer', state: 'active' });
    const secret = created.secret as string;
    expect(secret).toMatch(/^rnf_tok_/);
    expect(secret.startsWith(created.prefix)).toBe(true);

    // Stored hashed only: the secret is in no row, nor anywhere in the database files.
    expect(await databaseText(sandbox)).not.toContain(secret);
    if (dialect.name === 'sqlite') {
      for (const file of [sandbox.database, `${sandbox.database}-wal`]) {
        if (existsSync(file)) expect(readFileSync(file).includes(secret)).toBe(false);
      }
    }

    // A machine that never logged in: fresh HOME, only RENFE_TOKEN and the database.
    const ci = sandbox.person('ci', { env: { RENFE_TOKEN: secret } });
    const [orgs, who, users, denied, escalate, auditList] = await Promise.all([
      ci.json<Array<{ slug: string; role: string }>>(['org', 'list']),
      ci.json(['whoami']),
      ci.json(['--org', organization.slug, 'user', 'list']),
      // A viewer may read, not manage.
      ci.run(['user', 'add', '--email', 'eve@acme.test', '--role', 'viewer']),
      ci.run(['token', 'create', '--name', 'escalate', '--role', 'owner']),
      ci.run(['audit', 'list']),
    ]);
    expect(orgs).toEqual([expect.objectContaining({ slug: organization.slug, role: 'viewer' })]);
    expect(who).toMatchObject({
      actor: { type: 'token', id: created.id, label: 'ci' },
      organization: { slug: organization.slug },
      role: 'viewer',
    });
    expect(users).toEqual([expect.objectContaining({ email: 'ana@acme.test' })]);
    expectExit(denied, 7);
    expect(denied.stderr).toMatch(/viewer/);
    expectExit(escalate, 7);
    expectExit(auditList, 7);
    // Nothing was created by the refused commands; the list never shows secrets.
    const [members, listed] = await Promise.all([
      owner.json<unknown[]>(['user', 'list']),
      owner.run(['--json', 'token', 'list']),
    ]);
    expect(members).toHaveLength(1);
    expectExit(listed, 0);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain(secret.slice(created.prefix.length));
    expect((JSON.parse(listed.stdout) as TokenJson[]).map((t) => [t.name, t.state, 'secret' in t])).toEqual([
      ['ci', 'active', false],
    ]);

    expectExit(await owner.run(['token', 'revoke', 'ci']), 0);
    const refused = await Promise.all([['whoami'], ['org', 'list'], ['user', 'list']].map((args) => ci.run(args)));
    for (const r of refused) {
      expectExit(r, 6);
      expect(r.stderr).toMatch(/RENFE_TOKEN is not a valid token/);
      expect(r.stderr).not.toContain(secret);
    }

    const after = await owner.run(['--json', 'token', 'list']);
    expect(after.stdout).not.toContain(secret);
    expect((JSON.parse(after.stdout) as TokenJson[]).map((t) => [t.name, t.state])).toEqual([['ci', 'revoked']]);
    // A token name is free again once revoked; the old secret stays dead.
    const again = await owner.json<TokenJson>(['token', 'create', '--name', 'ci']);
    expect(again.secret).not.toBe(secret);
    expectExit(await ci.run(['whoami']), 6);
  });
});
