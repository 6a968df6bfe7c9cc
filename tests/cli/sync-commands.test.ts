import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const sqlite = DIALECTS[0] as (typeof DIALECTS)[number];

describe.each(DIALECTS)('sync commands, central on $name', (dialect) => {
  let dbs: TestDatabase[] = [];
  let local: CliWorkspace;
  let centralUrl: string;
  let id: string;

  const ok = async (argv: string[], options: Parameters<CliWorkspace['run']>[1] = {}): Promise<CliResult> => {
    const r = await local.run(argv, options);
    expect(r.code, `${argv.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeEach(async () => {
    dbs = [await sqlite.fresh(), await dialect.fresh()];
    centralUrl = (dbs[1] as TestDatabase).url;
    const central = new CliWorkspace(centralUrl);
    local = new CliWorkspace((dbs[0] as TestDatabase).url);
    const init = ['init', '--email', 'ana@acme.test', '--password-stdin'];
    expect((await central.run([...init, '--org', 'Acme'], { stdin: `${PASSWORD}\n` })).code).toBe(0);
    await ok([...init, '--org', 'Ana laptop'], { stdin: `${PASSWORD}\n` });
    await ok(['--db', centralUrl, 'login', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = (await ok(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0'])).stdout.trim();
    await ok(['assessment', 'answer', id, 'GV.OC-01.Q1', 'yes']);
    await ok(['sync', 'push', '--to', centralUrl]);
  });

  afterEach(async () => {
    for (const d of dbs) await d.drop();
  });

  /** Answers every first yes/no question of a requirement (no follow-ups), so a push has many records to move. */
  async function answerMany(value: string): Promise<number> {
    const listed = JSON.parse((await ok(['assessment', 'export-answers', id, '--format', 'json'])).stdout) as {
      answers: { question: string; type: string; asked: boolean }[];
    };
    const rows = listed.answers
      .filter((a) => a.type === 'yes_no' && a.asked && a.question.endsWith('.Q1'))
      .map((a) => ({ question: a.question, value }));
    const file = join(mkdtempSync(join(tmpdir(), 'renfe-sync-')), 'answers.json');
    writeFileSync(file, JSON.stringify(rows));
    await ok(['assessment', 'import-answers', id, file]);
    return rows.length;
  }

  it('push: a progress bar on a terminal, a summary line through a pipe, JSON under --json, and nothing twice', async () => {
    const many = await answerMany('partial');
    expect(many).toBeGreaterThan(20);
    const tty = await ok(['sync', 'push', '--to', centralUrl, '--batch', '10'], { tty: true });
    expect(tty.stderr).toMatch(/sending \[[#.]{30}\] \d+\/\d+/);
    expect(tty.stderr).toMatch(/\u001b\[2K/);
    expect(tty.stderr).toMatch(/Pushed to acme at .*: sent \d+, \d+ unchanged, 0 in conflict\./);
    expect(tty.stdout).toBe('');

    const piped = await ok(['sync', 'push', '--to', centralUrl]);
    expect(piped.stderr).toMatch(/^✓ Pushed to acme at .*: sent 0, \d+ unchanged, 0 in conflict\.\n$/);
    expect(piped.stdout).toBe('');

    await answerMany('no');
    const json = await ok(['sync', 'push', '--to', centralUrl, '--json'], { tty: true });
    expect(json.stderr).toBe('');
    const summary = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ organisation: 'acme', received: 0, conflicts: 0 });
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['sent', 'received', 'unchanged', 'conflicts', 'waiting', 'assessments']),
    );
    expect(summary.sent).toBeGreaterThan(20);

    const status = JSON.parse((await ok(['sync', 'status', '--json'])).stdout) as { toSend: number }[];
    expect(status).toMatchObject([{ toSend: 0, compared: false }]);
    const listed = (await ok(['sync', 'status', '--with', centralUrl])).stdout.trim().split('\t');
    expect(listed.slice(1, 6)).toEqual([
      'acme',
      '0',
      '0',
      String(Number(summary.sent) + Number(summary.unchanged)),
      '0',
    ]);
    expect((await ok(['sync', 'conflicts'])).stderr).toBe('No open sync conflicts.\n');

    // A profile names the same database: its own login there, the same peer, nothing to send.
    await ok(['profile', 'add', 'central', '--database', centralUrl]);
    const noLogin = await local.run(['sync', 'push', '--to', 'central', '--json']);
    expect(noLogin.code).toBe(6);
    expect(JSON.parse(noLogin.stderr)).toMatchObject({ error: { code: 'SYNC.PEER_SIGN_IN' } });
    expect(JSON.parse(noLogin.stderr).error.hint).toContain('renfe --profile central login');
    await ok(['--profile', 'central', 'login', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
      env: { RENFE_DATABASE_URL: undefined },
    });
    const viaProfile = JSON.parse((await ok(['sync', 'push', '--to', 'central', '--json'])).stdout) as {
      sent: number;
      peer: string;
    };
    expect(viaProfile).toMatchObject({ sent: 0, peer: summary.peer });
  });

  it('refuses bad flags and peers before anything moves', async () => {
    const refused = async (argv: string[], code: number, pattern: RegExp) => {
      const r = await local.run(argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1 + (/hint|\n {2}/.test(r.stderr) ? 1 : 0));
    };
    await refused(['sync', 'push'], 2, /missing --to <profile-or-url>/);
    await refused(['sync', 'pull'], 2, /missing --from <profile-or-url>/);
    await refused(['sync', 'push', '--to', 'nowhere'], 3, /nowhere is neither a profile nor a database URL/);
    await refused(['sync', 'push', '--to', centralUrl, '--batch', '0'], 2, /--batch must be a whole number/);
    await refused(['sync', 'push', '--to', (dbs[0] as TestDatabase).url], 3, /cannot sync .* with itself/);
    await refused(['sync', 'resolve', 'abc', '--take', 'sideways'], 2, /--take must be local, remote or value/);
    await refused(['sync', 'resolve', 'abc'], 2, /missing --take/);
    await refused(['sync', 'resolve', 'abc', '--take', 'local'], 4, /no sync conflict abc/);
    const json = await local.run(['sync', 'push', '--to', 'nowhere', '--json']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'SYNC.UNKNOWN_PEER', kind: 'invalid-input' } });
  });
});
