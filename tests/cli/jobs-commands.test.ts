import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';

/** Job and batch commands in-process, a worker included (`renfe worker --until-idle`). */
describe.each(DIALECTS)('job commands on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let ids: string[];

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-cli-jobs-'));
    await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    ids = [];
    for (const subject of ['Plant', 'Mill']) {
      ids.push(
        (
          await ws.run(['assessment', 'create', '--subject', subject, '--framework', 'nist-csf-2.0', '--domain', 'RC'])
        ).stdout.trim(),
      );
    }
  });
  afterEach(async () => {
    if (dialect.name === 'postgres') {
      const schema = /search_path=([a-z0-9_]+)/.exec(decodeURIComponent(database.url))?.[1];
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`drop schema if exists pgboss_${schema} cascade`);
      await client.end();
    }
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const work = async () => {
    const r = await ws.run(['worker', '--until-idle']);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  const jobs = async () =>
    JSON.parse((await ws.run(['jobs', 'list', '--json', 'id,kind,state,lastError'])).stdout) as {
      id: string;
      kind: string;
      state: string;
      lastError: string | null;
    }[];

  it('report batch --async queues one job per assessment in the file; a worker renders them all', async () => {
    const list = join(dir, 'ids.txt');
    writeFileSync(list, `# clients\n${ids[0]}\n\n${ids[1]}  # second\n`);
    const out = join(dir, 'out');
    const queued = await ws.run([
      'report',
      'batch',
      '--assessments',
      list,
      '--template',
      'executive',
      '--out-dir',
      out,
      '--async',
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    const rows = queued.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((r) => r[1])).toEqual(ids);
    expect(rows.every((r) => r[3] === 'true')).toBe(true);
    // Queued twice while waiting: the same jobs.
    const again = await ws.run([
      'report',
      'batch',
      '--assessments',
      list,
      '--template',
      'executive',
      '--out-dir',
      out,
      '--async',
    ]);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(rows.map((r) => r[0]));

    await work();
    for (const id of ids) {
      const file = join(out, `${id}-executive.pdf`);
      expect(existsSync(file)).toBe(true);
      expect((await ws.run(['report', 'verify', file])).code).toBe(0);
    }
    expect((await jobs()).map((j) => j.state)).toEqual(['completed', 'completed']);
  });

  it('report batch refuses bad input and queues nothing', async () => {
    const out = join(dir, 'out');
    const both = await ws.run(['report', 'batch', '--assessments', 'x.txt', '--all-final', '--out-dir', out]);
    expect(both.code).toBe(2);
    expect((await ws.run(['report', 'batch', '--out-dir', out])).code).toBe(2);
    const missing = await ws.run([
      'report',
      'batch',
      '--assessments',
      join(dir, 'none.txt'),
      '--out-dir',
      out,
      '--async',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/none\.txt: cannot read it/);
    const list = join(dir, 'ids.txt');
    writeFileSync(list, `${ids[0]}\nnosuchid\n`);
    const unknown = await ws.run(['report', 'batch', '--assessments', list, '--out-dir', out, '--async']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/no assessment nosuchid in this organisation \(.*ids\.txt\)/);
    writeFileSync(list, `${ids[0]}\n${ids[0]}\n`);
    const twice = await ws.run(['report', 'batch', '--assessments', list, '--out-dir', out, '--async']);
    expect(twice.code).toBe(3);
    expect(twice.stderr).toMatch(/line 2: .* is already on line 1/);
    const noFinal = await ws.run(['report', 'batch', '--all-final', '--out-dir', out]);
    expect(noFinal.code).toBe(3);
    expect(noFinal.stderr).toMatch(/no final assessments/);
    expect(await jobs()).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('report batch --all-final renders the final assessments here, without a worker', async () => {
    await ws.run(['assessment', 'review', ids[1] as string]);
    expect((await ws.run(['assessment', 'finalize', ids[1] as string])).code).toBe(0);
    const out = join(dir, 'final');
    const r = await ws.run(['report', 'batch', '--all-final', '--template', 'executive', '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, `${ids[1]}-executive.pdf`))).toBe(true);
    expect(existsSync(join(out, `${ids[0]}-executive.pdf`))).toBe(false);
    expect(await jobs()).toEqual([]);
  });

  it('report generate --wait writes the file a worker rendered', async () => {
    const out = join(dir, 'waited.json');
    const [waited] = await Promise.all([
      ws.run(['report', 'generate', ids[0] as string, '--format', 'json', '--out', out, '--wait', '--timeout', '60']),
      new Promise((r) => setTimeout(r, 300)).then(work),
    ]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout.trim()).toBe(out);
    expect((await ws.run(['report', 'verify', out])).code).toBe(0);

    const nobody = await ws.run([
      'report',
      'generate',
      ids[1] as string,
      '--format',
      'json',
      '--out',
      out,
      '--wait',
      '--timeout',
      '1',
    ]);
    expect(nobody.code).toBe(8);
    expect(nobody.stderr).toMatch(/is still queued after 1s/);
    const toStdout = await ws.run(['report', 'generate', ids[1] as string, '--out', '-', '--async']);
    expect(toStdout.code).toBe(2);
  });

  it('report generate --wait and --async carry --appendix, --lang, --firm and --template to the worker', async () => {
    /** The report's lines as pdftotext reads them, trimmed, no-break spaces as spaces. */
    const lines = (file: string) =>
      execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
        .replace(/\u00a0/g, ' ')
        .split('\n')
        .map((l) => l.trim());
    await ws.run(['assessment', 'answer', ids[0] as string, 'RC.RP-01.Q1', 'yes', '--note', 'Plan tested in May']);
    const waited = join(dir, 'waited.pdf');
    const [w] = await Promise.all([
      ws.run([
        'report',
        'generate',
        ids[0] as string,
        '--template',
        'executive',
        '--lang',
        'es',
        '--firm',
        'Auditores Norte',
        '--appendix',
        '--out',
        waited,
        '--wait',
        '--timeout',
        '60',
      ]),
      new Promise((r) => setTimeout(r, 300)).then(work),
    ]);
    expect(w.code, w.stderr).toBe(0);
    const es = lines(waited);
    expect(es).toContain('Anexo: todas las respuestas');
    expect(es.some((l) => l.includes('Plan tested in May'))).toBe(true);
    expect(es.some((l) => l.includes('Auditores Norte'))).toBe(true);
    expect(es).not.toContain('Appendix: every answer');

    // Queued for later: the same report with and without the appendix are two jobs, each rendered as asked.
    const plain = join(dir, 'plain.pdf');
    const withIt = join(dir, 'with.pdf');
    const queue = async (out: string, ...extra: string[]) => {
      const r = await ws.run([
        'report',
        'generate',
        ids[0] as string,
        '--template',
        'executive',
        '--out',
        out,
        '--async',
        ...extra,
      ]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const first = await queue(plain);
    const second = await queue(withIt, '--appendix');
    expect(second).not.toBe(first);
    const listed = JSON.parse((await ws.run(['jobs', 'list', '--json', 'id,summary'])).stdout) as {
      id: string;
      summary: string;
    }[];
    expect(listed.find((j) => j.id === second)?.summary).toContain('with the appendix');
    expect(listed.find((j) => j.id === first)?.summary).not.toContain('appendix');
    await work();
    expect(lines(withIt)).toContain('Appendix: every answer');
    expect(lines(plain)).not.toContain('Appendix: every answer');
    expect(lines(plain).some((l) => l.includes('Plan tested in May'))).toBe(false);
  });

  it('report batch --appendix puts the appendix in every report, rendered here or by a worker', async () => {
    const lines = (file: string) =>
      execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.trim());
    const list = join(dir, 'batch-ids.txt');
    writeFileSync(list, `${ids.join('\n')}\n`);
    const here = join(dir, 'batch-here');
    const queued = join(dir, 'batch-queued');
    const plain = join(dir, 'batch-plain');
    const batch = async (out: string, ...extra: string[]) => {
      const r = await ws.run([
        'report',
        'batch',
        '--assessments',
        list,
        '--template',
        'gap',
        '--out-dir',
        out,
        ...extra,
      ]);
      expect(r.code, r.stderr).toBe(0);
    };
    await batch(here, '--appendix');
    await batch(queued, '--appendix', '--async');
    await batch(plain);
    await work();
    for (const id of ids) {
      expect(lines(join(here, `${id}-gap.pdf`)), `${id} rendered here`).toContain('Appendix: every answer');
      expect(lines(join(queued, `${id}-gap.pdf`)), `${id} rendered by a worker`).toContain('Appendix: every answer');
      expect(lines(join(plain, `${id}-gap.pdf`)), `${id} without --appendix`).not.toContain('Appendix: every answer');
    }
  });

  it("a job runs with its owner's rights as they are when it runs: a revoked token's job fails", async () => {
    const token = (await ws.run(['token', 'create', '--name', 'ci', '--role', 'viewer'])).stdout.trim();
    const ci = (argv: string[]) => new CliWorkspace(database.url).run(argv, { env: { RENFE_TOKEN: token } });
    // A viewer may generate reports, but not send mail.
    const mail = await ci([
      'report',
      'generate',
      ids[0] as string,
      '--out',
      join(dir, 'm.pdf'),
      '--email',
      'x@client.test',
    ]);
    expect(mail.code).toBe(7);
    const queued = await ci([
      'report',
      'generate',
      ids[0] as string,
      '--format',
      'json',
      '--out',
      join(dir, 'r.json'),
      '--async',
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    expect((await ws.run(['token', 'revoke', 'ci'])).code).toBe(0);
    await work();
    const [job] = await jobs();
    expect(job?.state).toBe('retry');
    expect(job?.lastError).toMatch(
      /JOBS\.OWNER_REFUSED: the job was queued by token:ci, who may no longer run it: the API token was revoked/,
    );
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });

  it('jobs cancel, retry and show say what they did, and refuse what cannot be done', async () => {
    const [id] = (await ws.run(['jobs', 'ping'])).stdout.trim().split('\n');
    const cancelled = await ws.run(['jobs', 'cancel', id as string]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stderr).toMatch(/is cancelled/);
    expect((await ws.run(['jobs', 'cancel', id as string])).code).toBe(5);
    expect((await ws.run(['jobs', 'retry', id as string])).code).toBe(0);
    expect((await ws.run(['jobs', 'retry', id as string])).code).toBe(5);
    const shown = JSON.parse((await ws.run(['jobs', 'show', id as string, '--json', 'state,attempts'])).stdout);
    expect(shown).toEqual({ state: 'queued', attempts: 0 });
    expect((await ws.run(['jobs', 'show', '00000000-0000-4000-8000-000000000000'])).code).toBe(4);
    expect((await ws.run(['jobs', 'list', '--state', 'sleeping'])).code).toBe(3);
    expect((await ws.run(['jobs', 'ping', '--count', '0'])).code).toBe(3);
    await work();
    expect((await jobs()).map((j) => j.state)).toEqual(['completed']);
  });
});
