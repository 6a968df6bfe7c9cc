import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { expectExit, lines, PASSWORD, Sandbox } from './helpers.js';

const ANSI = /\u001b\[/;
const DB_PASSWORD = 'pg-Secret-7f3a9c';

describe('fresh start in an empty HOME', () => {
  it('init creates the database and a private config at the XDG defaults, and the owner can work', async () => {
    const sandbox = Sandbox.create();
    const ana = sandbox.person('ana', { defaultDatabase: true });
    const env = ana.env();
    expect(env.RENFE_CONFIG_DIR).toBeUndefined();
    expect(env.RENFE_DATA_DIR).toBeUndefined();
    expect(env.RENFE_DATABASE_URL).toBeUndefined();

    const init = await ana.ok(['init', '--org', 'Acme Consulting', '--email', 'Ana@Acme.test', '--password-stdin'], {
      input: `${PASSWORD}\n`,
    });
    // Data on stdout (the slug), the message for people on stderr, no colours without a TTY.
    expect(init.stdout).toBe('acme-consulting\n');
    expect(init.stderr).toContain('ana@acme.test');
    expect(init.stderr).toContain(ana.defaultDatabase);
    expect(init.stdout + init.stderr).not.toMatch(ANSI);

    // The SQLite file at $XDG_DATA_HOME/renfe/renfe.db, the config at $XDG_CONFIG_HOME/renfe/config.json.
    expect(statSync(ana.defaultDatabase).isFile()).toBe(true);
    expect(readFileSync(ana.defaultDatabase).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(statSync(ana.configFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(ana.configFile)).mode & 0o777).toBe(0o700);
    // XDG variables win over HOME: nothing was written to ~/.config or ~/.local.
    expect(readdirSync(ana.home)).toEqual([]);

    // The config holds the session for that database and the default organisation.
    const config = JSON.parse(readFileSync(ana.configFile, 'utf8'));
    expect(config.profiles.default.settings.org).toBe('acme-consulting');
    expect(Object.keys(config.profiles.default.sessions)).toEqual([ana.defaultDatabase]);
    expect(config.profiles.default.sessions[ana.defaultDatabase].email).toBe('ana@acme.test');
    expect(JSON.stringify(config)).not.toContain(PASSWORD);

    const [who, orgs, verify] = await Promise.all([
      ana.json(['whoami']),
      ana.json<Array<{ slug: string; role: string; status: string }>>(['org', 'list']),
      ana.run(['audit', 'verify']),
    ]);
    expect(who).toMatchObject({
      actor: { type: 'user', label: 'ana@acme.test' },
      organization: { slug: 'acme-consulting', name: 'Acme Consulting' },
      role: 'owner',
      database: ana.defaultDatabase,
    });

    expect(orgs.map((o) => [o.slug, o.role, o.status])).toEqual([['acme-consulting', 'owner', 'active']]);

    expectExit(verify, 0);
    // org.created, user.added (owner), auth.login
    expect(verify.stdout.trim()).toBe('ok: 3 entries verified');
    expect(lines(verify.stderr)).toEqual([]);

    // A second init on the same database refuses (conflict) and leaves it alone.
    const again = await ana.run(['init', '--org', 'Other', '--email', 'x@other.test', '--password-stdin'], {
      input: `${PASSWORD}\n`,
    });
    expectExit(again, 5);
    expect(again.stderr).toMatch(/already/);
    expect(existsSync(ana.defaultDatabase)).toBe(true);
    expect((await ana.json<unknown[]>(['org', 'list'])).length).toBe(1);
  });
});

const postgres = DIALECTS.find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('fresh start in an empty HOME on postgres', () => {
  it('init creates the schema in an empty PostgreSQL database and a private config; the owner can work', async () => {
    const sandbox = await Sandbox.on(postgres!);
    // A password in the URL (the test server trusts every connection, so any works): never printed or stored.
    const url = sandbox.database.replace('postgres://postgres@', `postgres://postgres:${DB_PASSWORD}@`);
    expect(url).toContain(DB_PASSWORD);
    const ana = sandbox.person('ana', { env: { RENFE_DATABASE_URL: url } });

    const init = await ana.ok(['init', '--org', 'Acme Consulting', '--email', 'Ana@Acme.test', '--password-stdin'], {
      input: `${PASSWORD}\n`,
    });
    expect(init.stdout).toBe('acme-consulting\n');
    expect(init.stderr).toContain('ana@acme.test');
    expect(init.stdout + init.stderr).not.toMatch(ANSI);
    expect(init.stdout + init.stderr).not.toContain(DB_PASSWORD);
    expect(existsSync(ana.defaultDatabase)).toBe(false);
    expect(statSync(ana.configFile).mode & 0o777).toBe(0o600);
    const configText = readFileSync(ana.configFile, 'utf8');
    expect(configText).not.toContain(PASSWORD);
    expect(configText).not.toContain(DB_PASSWORD);

    const [who, verify] = await Promise.all([ana.json<{ database: string }>(['whoami']), ana.run(['audit', 'verify'])]);
    expect(who).toMatchObject({ role: 'owner', organization: { slug: 'acme-consulting' } });
    expect(who.database).toMatch(/^postgres:\/\//);
    expect(who.database).not.toContain(DB_PASSWORD);
    expectExit(verify, 0);
    expect(verify.stdout.trim()).toBe('ok: 3 entries verified');

    const again = await ana.run(['init', '--org', 'Other', '--email', 'x@other.test', '--password-stdin'], {
      input: `${PASSWORD}\n`,
    });
    expectExit(again, 5);
    expect(again.stderr).toMatch(/already/);
    expect(again.stderr).not.toContain(DB_PASSWORD);
    expect((await ana.json<unknown[]>(['org', 'list'])).length).toBe(1);
  });
});
