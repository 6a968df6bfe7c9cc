import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, runCli } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** The JSON error object main prints on stderr under --json. */
function jsonError(stderr: string): { code: string; kind: string; message: string; hint: string | null } {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return (JSON.parse(lines[0] as string) as { error: never }).error;
}

describe('the program without a database', () => {
  it('bare `renfe` prints the help on stdout and exits 0', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: renfe /);
    for (const noun of [
      'init',
      'login',
      'logout',
      'whoami',
      'org',
      'user',
      'token',
      'audit',
      'db',
      'config',
      'profile',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${noun}\\b`, 'm'));
    }
    // The auth context's commands keep their help order.
    const order = ['init', 'login', 'logout', 'whoami', 'org', 'user', 'token'].map((w) =>
      r.stdout.search(new RegExp(`^  ${w}\\b`, 'm')),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('a bare noun prints its verbs on stdout and exits 0', async () => {
    const org = await runCli(['org']);
    expect(org.code).toBe(0);
    expect(org.stderr).toBe('');
    expect(org.stdout).toMatch(/^Usage: renfe org /);
    for (const verb of ['create', 'list', 'show', 'use', 'policy'])
      expect(org.stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));

    const policy = await runCli(['org', 'policy']);
    expect(policy.code).toBe(0);
    expect(policy.stdout).toMatch(/^ {2}show\b/m);
    expect(policy.stdout).toMatch(/^ {2}set\b/m);

    for (const noun of ['token', 'audit', 'db', 'config', 'profile']) {
      const r = await runCli([noun]);
      expect(r.code, noun).toBe(0);
      expect(r.stdout, noun).toMatch(new RegExp(`^Usage: renfe ${noun} `));
    }
  });

  it('-v and --version print the version', async () => {
    expect(await runCli(['-v'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it("a subcommand's help shows its own flags, --limit on lists, examples and the global options", async () => {
    const r = await runCli(['org', 'list', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: renfe org list /);
    expect(r.stdout).toContain('--limit <n>');
    expect(r.stdout).toContain('Global Options:');
    for (const flag of ['--db <url-or-path>', '--profile <name>', '--org <slug>', '--json', '--jq <expression>']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('$ renfe org list --json slug,name');

    const audit = await runCli(['audit', 'list', '--help']);
    expect(audit.stdout).toContain('--limit <n>');
    expect(audit.stdout).toContain('--action <action>');
    expect(audit.stdout).toContain('At most 50 entries');
    expect(audit.stdout).toContain('Global Options:');

    const policySet = await runCli(['org', 'policy', 'set', '--help']);
    expect(policySet.stdout).toContain('--max-failures <n>');
    expect(policySet.stdout).toContain('Global Options:');
  });

  it('usage errors are one JSON object on stderr under --json, exit 2', async () => {
    const unknown = await runCli(['org', 'list', '--frobnicate', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(jsonError(unknown.stderr)).toMatchObject({
      code: 'CLI.USAGE',
      kind: 'usage',
      message: "unknown option '--frobnicate'",
    });

    const missing = await runCli(['--json', 'org', 'use']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(jsonError(missing.stderr)).toMatchObject({
      code: 'CLI.USAGE',
      message: "missing required argument 'slug'",
    });

    const plain = await runCli(['org', 'use']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^error: missing required argument 'slug'/);
  });
});

describe.each(DIALECTS)('the output contract on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    const init = await ws.run(['init', '--org', 'Acme Consulting', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(init.code, init.stderr).toBe(0);
  });
  afterEach(() => database.drop());

  it('--json <fields> prints only those fields, in that order', async () => {
    await ws.run(['org', 'create', 'Beta Health']);
    const r = await ws.run(['org', 'list', '--json', 'slug,name']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const orgs = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(orgs).toEqual([
      { slug: 'acme-consulting', name: 'Acme Consulting' },
      { slug: 'beta-health', name: 'Beta Health' },
    ]);
    expect(Object.keys(orgs[0] as object)).toEqual(['slug', 'name']);

    // `--json` alone prints every field; `--json=<fields>` is the same request as `--json <fields>`.
    const all = JSON.parse((await ws.run(['org', 'list', '--json'])).stdout) as Record<string, unknown>[];
    expect(Object.keys(all[0] as object).sort()).toEqual(['createdAt', 'id', 'name', 'role', 'slug', 'status']);
    expect(JSON.parse((await ws.run(['org', 'list', '--json=slug'])).stdout)).toEqual([
      { slug: 'acme-consulting' },
      { slug: 'beta-health' },
    ]);

    // Every read command of these nouns takes a field list.
    const reads: [string[], Record<string, unknown>][] = [
      [['whoami', '--json', 'role'], { role: 'owner' }],
      [['org', 'show', '--json', 'slug,members,owners'], { slug: 'acme-consulting', members: 1, owners: 1 }],
      [['org', 'policy', 'show', '--json', 'maxFailures,stored'], { maxFailures: 5, stored: false }],
      [['audit', 'verify', '--json', 'ok'], { ok: true }],
      [['db', 'status', '--json', 'state,pending'], { state: 'up to date', pending: [] }],
      [['config', 'get', 'org', '--json', 'value'], { value: 'acme-consulting' }],
    ];
    for (const [argv, expected] of reads) {
      const out = await ws.run(argv);
      expect(out.code, `${argv.join(' ')}: ${out.stderr}`).toBe(0);
      expect(JSON.parse(out.stdout), argv.join(' ')).toEqual(expected);
    }
    const tokens = await ws.run(['token', 'list', '--json', 'name']);
    expect(JSON.parse(tokens.stdout)).toEqual([]);
    const audit = JSON.parse((await ws.run(['audit', 'list', '--json', 'seq,action'])).stdout) as unknown[];
    expect(audit[0]).toEqual({ seq: expect.any(Number), action: expect.any(String) });
    expect(audit.every((e) => Object.keys(e as object).join() === 'seq,action')).toBe(true);
    const profiles = await ws.run(['profile', 'list', '--json', 'name,current']);
    expect(JSON.parse(profiles.stdout)).toEqual([{ name: 'default', current: true }]);
    const settings = JSON.parse((await ws.run(['config', 'list', '--json', 'profile'])).stdout);
    expect(settings).toEqual({ profile: 'default' });
  });

  it('an unknown field is a usage error listing the valid ones, as JSON on stderr, exit 2', async () => {
    const r = await ws.run(['org', 'list', '--json', 'slug,colour']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(jsonError(r.stderr)).toEqual({
      code: 'CLI.UNKNOWN_FIELD',
      kind: 'usage',
      message: 'unknown JSON field colour; valid fields: id, slug, name, role, status, createdAt',
      hint: null,
    });

    const two = await ws.run(['token', 'list', '--json', 'secret,tokenHash']);
    expect(two.code).toBe(2);
    expect(jsonError(two.stderr).message).toBe(
      'unknown JSON fields secret, tokenHash; valid fields: id, name, prefix, role, createdAt, expiresAt, revokedAt, state',
    );

    const show = await ws.run(['org', 'show', '--json', 'slug,nope']);
    expect(show.code).toBe(2);
    expect(jsonError(show.stderr).message).toMatch(
      /^unknown JSON field nope; valid fields: id, slug, .*members, owners$/,
    );
  });

  it('--jq filters the JSON with jq, and a bad expression is a usage error', async () => {
    await ws.run(['org', 'create', 'Beta Health']);
    const slugs = await ws.run(['org', 'list', '--jq', '.[].slug']);
    expect(slugs).toEqual({ code: 0, stdout: 'acme-consulting\nbeta-health\n', stderr: '' });

    const fields = await ws.run(['org', 'list', '--json', 'slug,role', '--jq', '.[] | "\\(.slug)=\\(.role)"']);
    expect(fields.stdout).toBe('acme-consulting=owner\nbeta-health=owner\n');

    const who = await ws.run(['whoami', '--jq', '.organization.slug']);
    expect(who.stdout).toBe('acme-consulting\n');

    const bad = await ws.run(['org', 'list', '--jq', '.[] |||']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(jsonError(bad.stderr).code).toBe('CLI.BAD_JQ');
  });

  it('a piped table prints full raw values, tab-separated, without a header; a terminal gets an aligned table in words', async () => {
    const created = JSON.parse(
      (await ws.run(['token', 'create', '--name', 'ci-reports', '--role', 'viewer', '--json'])).stdout,
    ) as { id: string; prefix: string };
    await ws.run(['token', 'create', '--name', 'nightly', '--expires', '30']);
    const listed = JSON.parse((await ws.run(['token', 'list', '--json'])).stdout) as {
      id: string;
      name: string;
      prefix: string;
      expiresAt: string | null;
    }[];
    const nightly = listed.find((t) => t.name === 'nightly')!;

    const piped = await ws.run(['token', 'list']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.split('\n').filter(Boolean).sort()).toEqual(
      [
        `${created.id}\tci-reports\t${created.prefix}\tviewer\tactive\t`,
        `${nightly.id}\tnightly\t${nightly.prefix}\tviewer\tactive\t${nightly.expiresAt}`,
      ].sort(),
    );
    expect(piped.stdout).not.toContain('NAME');
    expect(piped.stdout).not.toContain('…');

    const terminal = await ws.run(['token', 'list'], { tty: true });
    expect(terminal.code).toBe(0);
    const [header, ...rows] = terminal.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+PREFIX\s+ROLE\s+STATE\s+EXPIRES$/);
    expect(terminal.stdout).not.toContain('\t');
    expect(rows.find((l) => l.includes('ci-reports'))).toMatch(
      new RegExp(`^${created.id}\\s+ci-reports\\s+${created.prefix}…\\s+viewer\\s+active\\s+never$`),
    );

    await ws.run(['org', 'create', 'Beta Health']);
    const orgsPiped = await ws.run(['org', 'list']);
    expect(orgsPiped.stdout).toBe(
      '*\tacme-consulting\tAcme Consulting\towner\tactive\n\tbeta-health\tBeta Health\towner\tactive\n',
    );
    const orgsTerminal = await ws.run(['org', 'list'], { tty: true });
    expect(orgsTerminal.stdout).toMatch(
      /^\s*SLUG\s+NAME\s+ROLE\s+STATUS\n\*\s+acme-consulting\s+Acme Consulting\s+owner\s+active\n/,
    );

    // Audit details are printed whole through a pipe, one entry per line.
    const audit = await ws.run(['audit', 'list', '--action', 'token.created']);
    const lines = audit.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const cells = line.split('\t');
      expect(cells).toHaveLength(6);
      expect(cells[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(cells[2]).toBe('ana@acme.test');
      expect(cells[3]).toBe('token.created');
      expect(JSON.parse(cells[5] as string)).toMatchObject({ role: 'viewer' });
    }
  });

  it('--limit shows at most n items of a list, and refuses what is not a positive whole number', async () => {
    await ws.run(['org', 'create', 'Beta Health']);
    await ws.run(['token', 'create', '--name', 'one']);
    await ws.run(['token', 'create', '--name', 'two']);

    const orgs = await ws.run(['org', 'list', '--limit', '1', '--json', 'slug']);
    expect(JSON.parse(orgs.stdout)).toEqual([{ slug: 'acme-consulting' }]);
    expect((await ws.run(['org', 'list', '--limit', '1'])).stdout.trimEnd().split('\n')).toHaveLength(1);

    const tokens = await ws.run(['token', 'list', '--limit', '1']);
    expect(tokens.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse((await ws.run(['token', 'list', '--json'])).stdout)).toHaveLength(2);

    const audit = await ws.run(['audit', 'list', '--limit', '1', '--json', 'action']);
    expect(JSON.parse(audit.stdout)).toEqual([{ action: 'token.created' }]);
    const auditAll = JSON.parse((await ws.run(['audit', 'list', '--json', 'seq'])).stdout) as unknown[];
    expect(auditAll.length).toBeGreaterThan(3);

    const profiles = await ws.run(['profile', 'list', '--limit', '1', '--json', 'name']);
    expect(JSON.parse(profiles.stdout)).toEqual([{ name: 'default' }]);

    const zero = await ws.run(['org', 'list', '--limit', '0']);
    expect(zero).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --limit must be a whole number above 0, got "0"\n',
    });
    // audit list keeps its own check of --limit (exit 3, as before the shared --limit).
    const auditZero = await ws.run(['audit', 'list', '--limit', 'many', '--json']);
    expect(auditZero.code).toBe(3);
    expect(jsonError(auditZero.stderr)).toMatchObject({
      code: 'INPUT.INVALID',
      message: '--limit must be a positive whole number, got "many"',
    });
  });

  it('audit list shows 50 entries unless --limit says otherwise', async () => {
    for (let i = 0; i < 25; i++) await ws.run(['token', 'create', '--name', `t${i}`]);
    for (let i = 0; i < 25; i++) await ws.run(['token', 'revoke', `t${i}`]);
    const all = JSON.parse((await ws.run(['audit', 'list', '--json', 'seq'])).stdout) as { seq: number }[];
    expect(all).toHaveLength(50);
    const more = JSON.parse((await ws.run(['audit', 'list', '--limit', '60', '--json', 'seq'])).stdout) as unknown[];
    expect(more.length).toBeGreaterThan(50);
  });

  it('messages stay on stderr and data on stdout for the converted change commands', async () => {
    const created = await ws.run(['org', 'create', 'Beta Health']);
    expect(created.stdout).toBe('beta-health\n');
    expect(created.stderr).toMatch(/^✓ Created organisation Beta Health \(beta-health\); you are its owner\./);

    const used = await ws.run(['org', 'use', 'beta-health']);
    expect(used).toEqual({
      code: 0,
      stdout: '',
      stderr: '✓ Now acting on Beta Health (beta-health) in profile default.\n',
    });
    expect(JSON.parse((await ws.run(['whoami', '--json', 'organization'])).stdout)).toMatchObject({
      organization: { slug: 'beta-health' },
    });

    const policy = await ws.run(['org', 'policy', 'set', '--max-failures', 'lots']);
    expect(policy).toMatchObject({ code: 3, stdout: '' });
    expect(policy.stderr).toBe('error: --max-failures must be a whole number, got "lots"\n');

    const expires = await ws.run(['token', 'create', '--name', 'x', '--expires', 'soon', '--json']);
    expect(expires.code).toBe(3);
    expect(jsonError(expires.stderr)).toMatchObject({
      code: 'INPUT.INVALID',
      message: '--expires must be a whole number of days, got "soon"',
    });

    const unknownKey = await ws.run(['config', 'get', 'colour', '--json']);
    expect(unknownKey.code).toBe(2);
    expect(jsonError(unknownKey.stderr)).toMatchObject({
      code: 'CONFIG.UNKNOWN_KEY',
      message: 'unknown setting "colour"',
    });

    const badProfile = await ws.run(['profile', 'use', 'nowhere']);
    expect(badProfile).toEqual({
      code: 4,
      stdout: '',
      stderr: 'error: no profile "nowhere" (run `renfe profile list`)\n',
    });

    const logout = await ws.run(['logout']);
    expect(logout.stderr).toBe('✓ Logged out ana@acme.test.\n');
    const who = await ws.run(['whoami', '--json']);
    expect(who.code).toBe(6);
    expect(jsonError(who.stderr)).toEqual({
      code: 'AUTH.NOT_LOGGED_IN',
      kind: 'unauthenticated',
      message: 'not logged in',
      hint: 'run `renfe login --email <email> --password-stdin`, or set RENFE_TOKEN',
    });
  });
});
