import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { databaseText, expectExit, initWorkspace, lines, type Person, Sandbox, STACK_FRAME } from './helpers.js';
import { RENFE_BIN, type SpawnResult } from './spawn.js';

const POSTGRES = DIALECTS.find((d) => d.name === 'postgres');

/** A fresh person whose HOME has no renfe config and no database yet. */
function stranger(): Person {
  return Sandbox.create().person('someone', { defaultDatabase: true });
}

/** Failed with `code`, printed nothing on stdout and exactly one line on stderr, no stack trace. */
function expectOneLineError(r: SpawnResult, code: number): string {
  expectExit(r, code);
  expect(r.stdout).toBe('');
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  return r.stderr;
}

describe('bad input and broken environments, without a terminal', () => {
  it('an unknown command exits 2 and suggests the nearest one, touching nothing', async () => {
    const p = stranger();
    const r = expectExit(await p.run(['ogr', 'list']), 2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command 'ogr'/);
    expect(r.stderr).toMatch(/Did you mean org\?/);
    expect(existsSync(p.configFile)).toBe(false);
    expect(existsSync(p.defaultDatabase)).toBe(false);

    const sub = expectExit(await p.run(['user', 'lsit']), 2);
    expect(sub.stderr).toMatch(/Did you mean list\?/);
  });

  it('an unsupported --db scheme exits 3 with one line (and a JSON error under --json)', async () => {
    const p = stranger();
    const text = expectOneLineError(await p.run(['--db', 'ftp://x', 'whoami']), 3);
    expect(text).toMatch(/^error: unsupported database URL scheme "ftp:"/);
    const { error } = await p.jsonError(['--db', 'ftp://x', 'whoami'], 3);
    expect(error).toMatchObject({ code: 'DB.BAD_URL', kind: 'invalid-input' });
  });

  it('an unreachable PostgreSQL exits 8 with one line and no stack trace', async () => {
    const p = stranger();
    const text = expectOneLineError(await p.run(['--db', 'postgres://nobody@127.0.0.1:1/x', 'whoami']), 8);
    expect(text).toMatch(/cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/x/);
    // A password in the URL is never echoed.
    const secret = expectOneLineError(
      await p.run(['--db', 'postgres://nobody:hunter2secret@127.0.0.1:1/x', 'whoami']),
      8,
    );
    expect(secret).not.toContain('hunter2secret');
  });

  it('a missing flag with no terminal exits 2 naming the flag instead of waiting for input', async () => {
    const p = stranger();
    const login = expectOneLineError(await p.run(['login']), 2);
    expect(login).toContain('--email');
    const password = expectOneLineError(await p.run(['login', '--email', 'ana@acme.test']), 2);
    expect(password).toContain('--password-stdin');
    const init = expectOneLineError(await p.run(['init', '--email', 'ana@acme.test', '--password-stdin']), 2);
    expect(init).toContain('--org');
  });

  it('a command before init exits 11 with a hint to run `renfe init`; --debug adds the stack trace', async () => {
    const p = stranger();
    for (const args of [['whoami'], ['org', 'list'], ['audit', 'verify']]) {
      const text = expectOneLineError(await p.run(args), 11);
      expect(text).toContain('renfe init');
    }
    const debug = expectExit(await p.run(['--debug', 'whoami']), 11);
    expect(debug.stderr).toContain('renfe init');
    expect(debug.stderr).toMatch(/AppError: no renfe database at /);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });

  it('a corrupt configuration file exits 3 with one line naming it; --debug prints the stack', async () => {
    const p = stranger();
    mkdirSync(dirname(p.configFile), { recursive: true });
    writeFileSync(p.configFile, '{ this is not json', { mode: 0o600 });
    const text = expectOneLineError(await p.run(['whoami']), 3);
    expect(text).toMatch(/cannot read the configuration file in .*renfe/);
    const debug = expectExit(await p.run(['--debug', 'whoami']), 3);
    expect(debug.stderr).toMatch(STACK_FRAME);
    expect(lines(debug.stderr).length).toBeGreaterThan(2);
  });

  it('a database path that cannot be created fails at once with exit 8', async () => {
    const p = stranger();
    const text = expectOneLineError(await p.run(['--db', '/proc/renfe-nope/x.db', 'db', 'migrate']), 8);
    expect(text).toContain('cannot open SQLite database /proc/renfe-nope/x.db');
  });

  it.skipIf(!POSTGRES)(
    'on an empty PostgreSQL database a command before init exits 11 and creates no table',
    async () => {
      const sandbox = await Sandbox.on(POSTGRES!);
      const p = sandbox.person('someone');
      for (const args of [['whoami'], ['org', 'list'], ['audit', 'verify']]) {
        const text = expectOneLineError(await p.run(args), 11);
        expect(text).toContain('renfe init');
      }
      expect(await databaseText(sandbox)).toBe('');
    },
  );

  it('reading before init leaves no database file behind', async () => {
    const p = stranger();
    expectOneLineError(await p.run(['org', 'list']), 11);
    expect(existsSync(p.defaultDatabase)).toBe(false);
  });

  it('a reader that closes the pipe early (| head) ends the command quietly', async () => {
    const p = Sandbox.create().person('reader', { defaultDatabase: true });
    await initWorkspace(p, 'Acme', 'ana@acme.test');
    // Far more than the pipe holds, so the writes after head has gone fail; pipefail gives renfe's exit code.
    const pipeline = `set -o pipefail; "${process.execPath}" "${RENFE_BIN}" framework show iso27001-2022 --json | head -c 10 > /dev/null`;
    const r = spawnSync('bash', ['-c', pipeline], { cwd: p.home, env: p.env(), encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
