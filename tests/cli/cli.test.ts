import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { CommandContext } from '../../src/cli/context.js';
import { VERSION } from '../../src/cli/version.js';
import type { Command } from 'commander';
import { CliWorkspace, runCli } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((s) => [s, ...allCommands(s)]);
}

describe('the program', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('has help with examples on every leaf command, each built as when it runs', async () => {
    const listed = await buildProgram(new CommandContext({} as never, {}));
    const paths = allCommands(listed)
      .filter((c) => c.commands.length === 0 && c.name() !== 'help')
      .map((c) => {
        const words: string[] = [];
        for (let at: Command | null = c; at && at.parent; at = at.parent) words.unshift(at.name());
        return words;
      });
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const program = await buildProgram(new CommandContext({} as never, {}), path);
      const leaf = path.reduce<Command | undefined>((c, w) => c?.commands.find((s) => s.name() === w), program);
      let text = '';
      leaf!.configureOutput({ writeOut: (s) => (text += s) });
      leaf!.outputHelp();
      expect(text, `help of ${path.join(' ')}`).toContain('Examples:');
    }
  });

  it('suggests the nearest command for a typo and exits 2', async () => {
    const r = await runCli(['ogr', 'list']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command 'ogr'/);
    expect(r.stderr).toMatch(/Did you mean org\?/);
  });

  it('rejects an unknown option with exit 2', async () => {
    const r = await runCli(['org', 'list', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });
});

describe.each(DIALECTS)('commands in-process on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
  });
  afterEach(() => database.drop());

  const init = () =>
    ws.run(['init', '--org', 'Acme Consulting', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });

  it('says how to start on an empty database, with exit 11', async () => {
    const r = await ws.run(['whoami']);
    expect(r).toMatchObject({ code: 11, stdout: '' });
    const expected =
      dialect.name === 'sqlite'
        ? `error: no renfe database at ${database.url} (run \`renfe init\` to create a workspace, or pass --db)\n`
        : 'error: the database has no renfe schema (run `renfe init` to create a workspace, or `renfe db migrate` to create the tables)\n';
    expect(r.stderr).toBe(expected);
  });

  it('init, whoami and org list: data on stdout, messages on stderr, JSON with --json', async () => {
    const created = await init();
    expect(created).toMatchObject({ code: 0, stdout: 'acme-consulting\n' });
    expect(created.stderr).toMatch(
      /^✓ Created .*organisation Acme Consulting \(acme-consulting\) and its owner ana@acme.test; you are logged in\.\n$/,
    );

    const who = await ws.run(['whoami', '--json']);
    expect(who.code).toBe(0);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout)).toMatchObject({
      actor: { type: 'user', label: 'ana@acme.test' },
      organization: { slug: 'acme-consulting', name: 'Acme Consulting' },
      role: 'owner',
    });

    const human = await ws.run(['org', 'list']);
    expect(human.stdout).toMatch(/\*\s+acme-consulting\s+Acme Consulting\s+owner\s+active/);
    const json = await ws.run(['org', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ slug: 'acme-consulting', role: 'owner' })]);
  });

  it('prints errors as one line, as JSON under --json, and a stack only with --debug', async () => {
    await init();
    const plain = await ws.run(['user', 'show', 'nobody@acme.test']);
    expect(plain.code).toBe(4);
    expect(plain.stderr).toBe('error: no user nobody@acme.test in this organisation (run `renfe user list`)\n');

    const json = await ws.run(['user', 'show', 'nobody@acme.test', '--json']);
    expect(json.code).toBe(4);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'AUTH.USER_NOT_FOUND',
        kind: 'not-found',
        message: 'no user nobody@acme.test in this organisation',
        hint: 'run `renfe user list`',
      },
    });

    const debug = await ws.run(['user', 'show', 'nobody@acme.test', '--debug']);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toMatch(/at .*list-users/);
  });

  it('never prompts without a terminal: it names the missing flag', async () => {
    const r = await ws.run(['login']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: missing --email <email> (no terminal to ask on)\n' });
    const noPassword = await ws.run(['login', '--email', 'ana@acme.test']);
    expect(noPassword.stderr).toBe('error: missing --password-stdin (no terminal to ask on)\n');
  });

  it('refuses --password-stdin from a terminal and colours only on a terminal', async () => {
    const tty = await ws.run(['login', '--email', 'ana@acme.test', '--password-stdin'], { tty: true });
    expect(tty.code).toBe(2);
    expect(tty.stderr).toMatch(/--password-stdin reads from a pipe, not a terminal/);

    await init();
    const coloured = await ws.run(['org', 'create', 'Beta'], { tty: true, env: { NO_COLOR: undefined } });
    expect(coloured.stderr).toContain('\u001b[32m✓');
    const noColourFlag = await ws.run(['org', 'create', 'Gamma', '--no-color'], {
      tty: true,
      env: { NO_COLOR: undefined },
    });
    expect(noColourFlag.stderr).not.toContain('\u001b[');
    const piped = await ws.run(['org', 'create', 'Delta'], { env: { NO_COLOR: undefined } });
    expect(piped.stderr).not.toContain('\u001b[');
  });

  it('token create prints the secret once, on stdout, and RENFE_TOKEN authenticates without a login', async () => {
    await init();
    const created = await ws.run(['token', 'create', '--name', 'ci', '--role', 'viewer', '--expires', '30']);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^rnf_tok_[A-Za-z0-9_-]{40,}$/);
    expect(created.stderr).not.toContain(secret);

    const listed = await ws.run(['token', 'list', '--json']);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'ci', role: 'viewer', state: 'active' }),
    ]);

    const fresh = new CliWorkspace(database.url);
    const who = await fresh.run(['whoami', '--json'], { env: { RENFE_TOKEN: secret } });
    expect(JSON.parse(who.stdout)).toMatchObject({ actor: { type: 'token', label: 'ci' }, role: 'viewer' });
    const denied = await fresh.run(['user', 'add', '--email', 'x@acme.test', '--role', 'viewer'], {
      env: { RENFE_TOKEN: secret },
    });
    expect(denied.code).toBe(7);
    const bad = await fresh.run(['whoami'], { env: { RENFE_TOKEN: `${secret}x` } });
    expect(bad).toMatchObject({
      code: 6,
      stderr: 'error: RENFE_TOKEN is not a valid token (unknown, revoked or expired)\n',
    });
  });

  it('validates flag values before touching anything', async () => {
    await init();
    expect((await ws.run(['token', 'create', '--name', 'ci', '--expires', 'soon'])).code).toBe(3);
    expect((await ws.run(['user', 'add', '--email', 'b@acme.test', '--role', 'god'])).stderr).toBe(
      'error: role: role must be one of owner, admin, consultant, viewer\n',
    );
    expect((await ws.run(['audit', 'list', '--limit', '0'])).code).toBe(3);
    expect((await ws.run(['user', 'list', '--json'])).stdout).not.toContain('b@acme.test');
  });

  it('profiles and settings: secrets and URL passwords never printed', async () => {
    expect((await ws.run(['config', 'set', 'lockout.maxFailures', 'many'])).code).toBe(3);
    expect((await ws.run(['config', 'set', 'colour', 'blue'])).code).toBe(2);
    await ws.run(['profile', 'add', 'central', '--database', 'postgres://renfe:hunter2@db.acme.test/renfe']);
    const list = await ws.run(['profile', 'list', '--json']);
    expect(list.stdout).not.toContain('hunter2');
    expect(JSON.parse(list.stdout)).toContainEqual({
      name: 'central',
      current: false,
      database: 'postgres://renfe:***@db.acme.test/renfe',
      org: null,
    });
    const settings = await ws.run(['--profile', 'central', 'config', 'list', '--json']);
    expect(settings.stdout).not.toContain('hunter2');
    expect((await ws.run(['--profile', 'nope', 'config', 'list'])).code).toBe(4);
  });

  it('logout ends the session', async () => {
    await init();
    expect((await ws.run(['logout'])).code).toBe(0);
    const r = await ws.run(['whoami']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^error: not logged in/);
  });
});
