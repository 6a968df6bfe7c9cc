import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'Hunter2Secret';
const postgres = DIALECTS.find((d) => d.name === 'postgres');

/**
 * A database URL carrying a password (`?password=`, userinfo, an unencoded
 * `@`) never shows it: not in output, messages, errors or --debug stacks.
 */
describe.skipIf(!postgres)('passwords in database URLs on postgres', () => {
  let database: TestDatabase;
  let url: string;
  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).fresh();
    // The test server trusts local connections, so the password is carried but never needed.
    url = `${database.url}&password=${SECRET}`;
  });
  afterAll(async () => {
    await database.drop();
  });

  it('no command prints a ?password= secret, a userinfo password or its tail', async () => {
    const ws = new CliWorkspace(url);
    const unreachable = `postgres://renfe:p@ss-${SECRET}@127.0.0.1:1/x?sslmode=disable&password=${SECRET}`;
    const runs: { argv: string[]; stdin?: string; env?: Record<string, string | undefined> }[] = [
      { argv: ['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], stdin: `${PASSWORD}\n` },
      {
        argv: ['--json', 'init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'],
        stdin: `${PASSWORD}\n`,
      },
      { argv: ['whoami'] },
      { argv: ['--json', 'whoami'] },
      { argv: ['login', '--email', 'ana@acme.test', '--password-stdin'], stdin: `${PASSWORD}\n` },
      { argv: ['db', 'status'] },
      { argv: ['--json', 'db', 'status'] },
      { argv: ['db', 'migrate'] },
      { argv: ['--json', 'db', 'migrate'] },
      { argv: ['config', 'set', 'database', url] },
      { argv: ['config', 'get', 'database'] },
      { argv: ['config', 'list'] },
      { argv: ['--json', 'config', 'list'] },
      { argv: ['profile', 'add', 'central', '--database', unreachable] },
      { argv: ['profile', 'list'] },
      { argv: ['--json', 'profile', 'list'] },
      { argv: ['org', 'list'] },
      { argv: ['user', 'list'] },
      { argv: ['audit', 'verify'] },
      { argv: ['assessment', 'list'] },
      { argv: ['--profile', 'central', 'whoami'] },
      { argv: ['--debug', '--profile', 'central', 'whoami'] },
      { argv: ['--json', '--profile', 'central', 'whoami'] },
      { argv: ['--db', unreachable, 'db', 'status'] },
      { argv: ['--debug', '--db', `postgres://renfe:${SECRET}@/x`, 'whoami'] },
      { argv: ['--db', `ftp://renfe:${SECRET}@host/x?password=${SECRET}`, 'whoami'] },
      { argv: ['logout'] },
    ];
    let failures = 0;
    for (const run of runs) {
      const r = await ws.run(run.argv, {
        ...(run.stdin ? { stdin: run.stdin } : {}),
        ...(run.env ? { env: run.env } : {}),
      });
      if (r.code !== 0) failures++;
      for (const text of [r.stdout, r.stderr]) {
        expect(text, `renfe ${run.argv.join(' ')}`).not.toContain(SECRET);
      }
    }
    // The unreachable and malformed URLs fail (and the second init); the rest run.
    expect(failures).toBeGreaterThanOrEqual(5);
    const status = await ws.run(['--json', 'db', 'status']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).database).toContain('password=***');
  });
});
