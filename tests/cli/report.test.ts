import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';

describe.each(DIALECTS)('report commands in-process on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let id: string;
  let token: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-cli-report-'));
    await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = (
      await ws.run(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC'])
    ).stdout.trim();
    const answers = join(dir, 'answers.csv');
    writeFileSync(answers, 'question,value\nRC.RP-01.Q1,yes\nRC.RP-02.Q1,4\nRC.RP-03.Q1,no\nRC.RP-04.Q1,yes\n');
    await ws.run(['assessment', 'import-answers', id, answers]);
    token = (await ws.run(['token', 'create', '--name', 'ci', '--role', 'viewer'])).stdout.trim();
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // A CI job: a token in the environment, no login, no terminal.
  const ci = (argv: string[]) => new CliWorkspace(database.url).run(argv, { env: { RENFE_TOKEN: token } });

  it('--fail-under writes the report, prints one line, and exits 10 when compliance is under the threshold', async () => {
    const out = join(dir, 'r.json');
    const below = await ci(['report', 'generate', id, '--format', 'json', '--out', out, '--fail-under', '95']);
    expect(below.code).toBe(10);
    expect(existsSync(out)).toBe(true);
    expect(below.stdout).toBe(`${out}\n`);
    expect(below.stderr).toMatch(/^✓ Wrote .*\nerror: compliance \d+\.\d% is under the threshold of 95%\n$/);

    const above = await ci(['report', 'generate', id, '--format', 'json', '--out', out, '--fail-under', '10']);
    expect(above.code).toBe(0);
    expect(above.stderr).toMatch(/compliance \d+\.\d% meets the threshold of 10%\n$/);

    const bad = await ci(['report', 'generate', id, '--format', 'json', '--out', out, '--fail-under', 'lots']);
    expect(bad.code).toBe(3);
  });

  it('report verify exits 0 for our unchanged report, 4 for a file we did not make, 5 once the data changed', async () => {
    const out = join(dir, 'r.json');
    await ci(['report', 'generate', id, '--format', 'json', '--out', out]);
    expect((await ci(['report', 'verify', out])).code).toBe(0);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{}');
    const foreign = await ci(['report', 'verify', other]);
    expect(foreign.code).toBe(4);
    expect(foreign.stderr).toMatch(/is not a report renfe recorded in this organisation/);
    await ws.run(['assessment', 'answer', id, 'RC.RP-04.Q1', 'no']);
    const changed = await ci(['report', 'verify', out]);
    expect(changed.code).toBe(5);
    expect(changed.stderr).toMatch(/the assessment has changed since/);
    const listed = JSON.parse((await ci(['report', 'list', '--json'])).stdout);
    expect(listed).toHaveLength(1);
  });

  it('--out - writes the report alone on stdout, and refuses to print a PDF on a terminal', async () => {
    const json = await ci(['report', 'generate', id, '--format', 'json', '--out', '-']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 'renfe.report/v1', assessment: { id } });
    expect(json.stderr).toMatch(/^✓ Wrote the report to stdout \(full, json, \d+ bytes, sha256 [0-9a-f]{16}…\)\.\n$/);
    const [listed] = JSON.parse((await ci(['report', 'list', '--json'])).stdout);
    expect(listed).toMatchObject({ file: '(stdout)', format: 'json' });
    // The bytes on stdout are the recorded report: saved to a file, it verifies.
    const saved = join(dir, 'saved.json');
    writeFileSync(saved, json.stdout);
    expect((await ci(['report', 'verify', saved])).code).toBe(0);

    const tty = await ws.run(['report', 'generate', id, '--out', '-'], { tty: true });
    expect(tty.code).toBe(3);
    expect(tty.stdout).toBe('');
    expect(tty.stderr).toMatch(/--out -: a PDF is not written to a terminal/);
    expect(JSON.parse((await ci(['report', 'list', '--json'])).stdout)).toHaveLength(1);
  });

  it('report templates lists the shipped templates', async () => {
    const r = await ci(['report', 'templates', '--json']);
    expect(JSON.parse(r.stdout).map((t: { id: string }) => t.id)).toEqual([
      'coverage',
      'executive',
      'full',
      'gap',
      'soa',
      'survey',
      'training',
    ]);
  });
});
