import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Person } from './helpers.js';
import { RENFE_BIN } from './spawn.js';
import {
  answerLines,
  answers,
  CENTRAL,
  centralWithConsultants,
  evidenceFile,
  expectChainsVerify,
  type SyncSummaryJson,
} from './sync-helpers.js';

/** Runs a command as the person and SIGKILLs it after `delay` ms unless it ends first. */
function killAfter(person: Person, args: readonly string[], delay: number, env: Record<string, string>) {
  return new Promise<{ killed: boolean; code: number | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [RENFE_BIN, ...args], {
      cwd: person.home,
      env: { ...person.env(), ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let killed = false;
    const timer = setTimeout(() => (killed = child.kill('SIGKILL')), delay);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === 'SIGKILL', code });
    });
  });
}

interface StatusJson {
  toSend: number;
  toReceive: number;
  conflicts: number;
}

describe(`sync: a push to ${CENTRAL.name} cut off with kill -9`, () => {
  it('leaves both sides consistent after each committed batch, and the next push sends only the rest', async () => {
    const { boss, central, people } = await centralWithConsultants(['ana']);
    const [ana] = people as [Person];
    const id = (
      await ana.ok(['assessment', 'create', '--subject', 'Hospital', '--framework', 'nist-csf-2.0'])
    ).stdout.trim();
    await ana.ok(['assessment', 'answer', id, 'GV.OC-01.Q1', 'yes']);
    await ana.ok(['sync', 'push', '--to', central]);

    // A lot of work offline: every yes/no question answered, and evidence files.
    const listed = await ana.json<{ answers: { question: string; type: string; asked: boolean }[] }>([
      'assessment',
      'export-answers',
      id,
      '--format',
      'json',
    ]);
    const rows = listed.answers
      .filter((a) => a.type === 'yes_no' && a.asked && a.question.endsWith('.Q1'))
      .map((a, n) => ({ question: a.question, value: n % 2 ? 'partial' : 'no', note: `seen ${n}` }));
    const file = join(ana.home, 'answers.json');
    writeFileSync(file, JSON.stringify(rows));
    await ana.ok(['assessment', 'import-answers', id, file]);
    for (let n = 1; n <= 8; n++) {
      await ana.ok([
        'assessment',
        'evidence',
        'add',
        id,
        'GV.OC-01.Q1',
        '--file',
        evidenceFile(ana.home, n, 64 * 1024),
      ]);
    }
    const status = () => ana.json<StatusJson[]>(['sync', 'status', '--with', central]).then((s) => s[0] as StatusJson);
    const total = (await status()).toSend;
    expect(total).toBeGreaterThan(40);

    // Batches of 5 with a pause after each; killed at growing delays until a kill lands mid-way.
    const slow = { RENFE_SYNC_TEST_PAUSE_MS: '400' };
    const push = ['sync', 'push', '--to', central, '--batch', '5'];
    let remaining = total;
    for (const delay of [1500, 2500, 4000, 6000, 9000, 13000]) {
      const run = await killAfter(ana, push, delay, slow);
      expect(run.killed || run.code === 0).toBe(true);
      await expectChainsVerify({ person: boss }, { person: ana });
      remaining = (await status()).toSend;
      if (remaining > 0 && remaining < total) break;
      expect(run.killed, 'a push that finished before the kill').toBe(true);
    }
    expect(remaining, 'killed after some batches, before the last').toBeGreaterThan(0);
    expect(remaining).toBeLessThan(total);

    // Every record the central side holds is whole: each received entry there is one record here.
    const received = await boss.json<{ details: { record: string } }[]>([
      'audit',
      'list',
      '--action',
      'sync.received',
      '--limit',
      '1000',
    ]);
    expect(new Set(received.map((e) => e.details.record)).size).toBe(received.length);
    expect(received.length).toBe(total - remaining);
    const here = await answers(ana, id);
    for (const [question, row] of await answers(boss, id)) {
      if (row.value !== here.get(question)?.value) expect(question).not.toBe('sent whole');
    }

    // The next push resumes: it sends what was left, and nothing twice.
    const resumed = await ana.json<SyncSummaryJson>(push);
    expect(resumed.sent).toBe(remaining);
    expect(resumed.conflicts).toBe(0);
    expect(await status()).toMatchObject({ toSend: 0, toReceive: 0, conflicts: 0 });
    expect(answerLines(await answers(boss, id))).toEqual(answerLines(await answers(ana, id)));
    const evidence = await boss.json<{ name: string; sha256: string }[]>(['assessment', 'evidence', 'list', id]);
    const local = await ana.json<{ name: string; sha256: string }[]>(['assessment', 'evidence', 'list', id]);
    expect(evidence.map((e) => e.sha256).sort()).toEqual(local.map((e) => e.sha256).sort());
    expect(evidence).toHaveLength(8);
    await expectChainsVerify({ person: boss }, { person: ana });
  }, 240_000);
});
