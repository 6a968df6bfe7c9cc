import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

/**
 * Known secrets set in the environment and in the profile, then a broad run
 * of commands (successes, refusals, --json, --debug stacks, outside services
 * that cannot be reached): none of them appears on stdout or stderr, in the
 * audit trail, or in a written file — except an API token's secret, printed
 * once by `token create`.
 * (Stripe keys and webhook secrets in billing commands: tests/e2e/billing.test.ts;
 * database URLs of every shape: tests/cli/url-secrets.test.ts.)
 */
const SECRETS = {
  password: 'Pw-7d1e-correct horse battery staple',
  stripeKey: 'sk_test_secretsEverywhere_9XkQ2v',
  smtpPassword: 'smtp-Secret-55aa1f',
  aiKey: 'sk-ai-secret-Key-0b7c33',
  auditKey: 'audit-key-Secret-e41a90',
  databasePassword: 'db-Secret-3f9b27',
};

describe.each(DIALECTS)('no secret in any output on $name', (dialect) => {
  let database: TestDatabase;
  let out: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    out = mkdtempSync(join(tmpdir(), 'renfe-secrets-'));
  });
  afterEach(async () => {
    await database.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('passwords, tokens, session secrets, Stripe, SMTP, AI and audit keys, database passwords', async () => {
    // PostgreSQL: a password in the URL (the test server trusts local connections, so it is carried, never needed).
    const url = dialect.name === 'postgres' ? `${database.url}&password=${SECRETS.databasePassword}` : database.url;
    const env = {
      STRIPE_SECRET_KEY: SECRETS.stripeKey,
      RENFE_SMTP_PASSWORD: SECRETS.smtpPassword,
      RENFE_AI_API_KEY: SECRETS.aiKey,
      RENFE_AI_MODEL: 'gpt-test',
      // Nothing listens there: the AI narrative fails, and its error must not carry the key.
      RENFE_AI_BASE_URL: 'http://127.0.0.1:9/v1',
      RENFE_AUDIT_KEY: SECRETS.auditKey,
    };
    const ws = new CliWorkspace(url, env);
    const runs: { argv: string[]; result: CliResult }[] = [];
    const run = async (argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}) => {
      const result = await ws.run(argv, options);
      runs.push({ argv, result });
      return result;
    };
    const pw = { stdin: `${SECRETS.password}\n` };

    expect((await run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], pw)).code).toBe(0);
    for (const [key, value] of [
      ['smtp.host', '127.0.0.1'],
      ['smtp.port', '9'],
      ['smtp.user', 'mailer'],
      ['smtp.password', SECRETS.smtpPassword],
      ['smtp.from', 'renfe@acme.test'],
      ['ai.apiKey', SECRETS.aiKey],
      ['stripe.secretKey', SECRETS.stripeKey],
      ['audit.key', SECRETS.auditKey],
    ] as const)
      await run(['config', 'set', key, value]);
    const token = await run(['--json', 'token', 'create', '--name', 'ci', '--role', 'admin']);
    const tokenSecret = (JSON.parse(token.stdout) as { secret: string }).secret;
    expect(tokenSecret).toMatch(/^rnf_tok_/);
    const config = readdirSync(ws.configDir)
      .map((f) => readFileSync(join(ws.configDir, f), 'utf8'))
      .join('\n');
    // The stored login's secret (a long random string in the profile's sessions).
    const sessionSecrets = [...config.matchAll(/"(?:token|secret|session)"\s*:\s*"([^"]{20,})"/g)].map((m) => m[1]!);
    expect(sessionSecrets.length, config.replace(/"[^"]{20,}"/g, '"…"')).toBeGreaterThan(0);

    await run(['--json', 'user', 'add', '--email', 'luis@acme.test', '--role', 'consultant', '--password-stdin'], pw);
    await run(['login', '--email', 'luis@acme.test', '--password-stdin'], { stdin: 'a wrong password\n' });
    await run(['login', '--email', 'ana@acme.test', '--password-stdin'], pw);
    const created = await run([
      '--json',
      'assessment',
      'create',
      '--subject',
      'Hospital',
      '--framework',
      'nist-csf-2.0',
      '--domain',
      'RC',
    ]);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    for (const argv of [
      ['whoami'],
      ['--json', 'whoami'],
      ['--debug', 'whoami'],
      ['org', 'list'],
      ['org', 'create', 'Beta'],
      ['user', 'list'],
      ['--json', 'user', 'list'],
      ['token', 'list'],
      ['--json', 'token', 'list'],
      ['config', 'list'],
      ['--json', 'config', 'list'],
      ['config', 'get', 'smtp.password'],
      ['config', 'get', 'ai.apiKey'],
      ['config', 'get', 'stripe.secretKey'],
      ['config', 'get', 'audit.key'],
      ['--json', 'config', 'get', 'smtp.password'],
      ['db', 'status'],
      ['--json', 'db', 'status'],
      ['assessment', 'answer', id, 'RC.RP-01.Q1', 'yes'],
      ['assessment', 'answer', id, 'RC.RP-01.Q1', 'not-a-value'],
      ['assessment', 'show', id],
      ['--json', 'assessment', 'score', id],
      ['report', 'generate', id, '--format', 'md', '--out', join(out, 'report.md')],
      ['report', 'generate', id, '--format', 'md', '--ai', '--out', join(out, 'report-ai.md')],
      ['--debug', 'report', 'generate', id, '--format', 'md', '--ai', '--out', join(out, 'report-ai2.md')],
      ['report', 'generate', id, '--format', 'pdf', '--out', join(out, 'report.pdf')],
      ['report', 'list'],
      ['mail', 'test', '--to', 'ana@acme.test'],
      ['--debug', 'mail', 'test', '--to', 'ana@acme.test'],
      ['mail', 'test', '--to', 'ana@acme.test', '--dry-run', out],
      ['billing', 'plans'],
      ['billing', 'status'],
      ['--debug', 'billing', 'sync'],
      ['jobs', 'list'],
      ['audit', 'verify'],
      ['--json', 'audit', 'verify'],
    ])
      await run(argv);
    // As the API token, without a login.
    for (const argv of [['whoami'], ['--json', 'org', 'list'], ['--debug', 'user', 'add', '--email', 'x@acme.test']])
      await run(argv, { env: { RENFE_TOKEN: tokenSecret } });
    await run(['whoami'], { env: { RENFE_TOKEN: `${tokenSecret}x` } });
    await run(['--debug', 'whoami'], { env: { RENFE_TOKEN: `${tokenSecret}x` } });
    const audit = await run(['--json', 'audit', 'list', '--limit', '1000']);
    expect(audit.code).toBe(0);
    await run(['logout']);

    const secrets = [...Object.values(SECRETS), ...sessionSecrets];
    for (const { argv, result } of runs) {
      const shown = `renfe ${argv.join(' ')} -> ${result.code}`;
      for (const secret of secrets) {
        if (secret === SECRETS.databasePassword && dialect.name === 'sqlite') continue;
        expect(result.stdout, shown).not.toContain(secret);
        expect(result.stderr, shown).not.toContain(secret);
      }
      if (result !== token) {
        expect(result.stdout, shown).not.toContain(tokenSecret);
        expect(result.stderr, shown).not.toContain(tokenSecret);
      }
    }
    // Written files: reports, the test mail, the audit trail.
    const files = readdirSync(out).map((f) => readFileSync(join(out, f)).toString('latin1'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const text of [...files, audit.stdout])
      for (const secret of [...secrets, tokenSecret]) expect(text).not.toContain(secret);
    console.log(
      `secrets ${dialect.name}: ${runs.length} commands (${runs.filter((r) => r.result.code === 0).length} succeeded), ${secrets.length + 1} secrets, none shown: ` +
        runs
          .map(
            (r) =>
              `${r.argv
                .filter((a) => !a.startsWith('/'))
                .slice(0, 3)
                .join(' ')}=${r.result.code}`,
          )
          .join('; '),
    );
    // Enough of it ran for the check to mean something.
    expect(runs.filter((r) => r.result.code === 0).length).toBeGreaterThan(30);
    expect(runs.filter((r) => r.result.code !== 0).length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
