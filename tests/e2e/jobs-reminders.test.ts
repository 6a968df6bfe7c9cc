import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { earlyInAMinute, JobsWorkspace } from './jobs-helpers.js';
import { startSmtp, type TestSmtp, useSmtp } from './jobs-smtp.js';
import { describeRun, expectExit, lines, PASSWORD } from './helpers.js';

const SHORT = fileURLToPath(new URL('../contexts/training/fixtures/short.yaml', import.meta.url));
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const toOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.text : '');

/**
 * Training reminders: `training remind` now, queued (--async) and on a
 * schedule, to exactly the people with overdue (or, asked, soon due) training,
 * each in their language.
 */
describe.each(DIALECTS)('training reminders on $name', (dialect) => {
  let ws: JobsWorkspace;
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startSmtp();
    ws = new JobsWorkspace(await dialect.fresh());
    await ws.init();
    await useSmtp(ws, smtp);
    for (const [email, role] of [
      ['bob@acme.test', 'consultant'],
      ['cara@acme.test', 'viewer'],
      ['dan@acme.test', 'viewer'],
    ]) {
      expectExit(
        await ws.run(
          ['user', 'add', '--email', email as string, '--role', role as string, '--password-stdin'],
          `${PASSWORD}\n`,
        ),
        0,
      );
    }
    expectExit(await ws.run(['training', 'course', 'import', SHORT]), 0);
    expectExit(await ws.run(['training', 'course', 'import', 'gdpr-personal-data']), 0);
    // Everyone owes the short course since 2020; cara has passed it; bob also has GDPR due in three days.
    expectExit(await ws.run(['training', 'assign', '--course', 'short', '--all', '--due', '2020-01-01']), 0);
    expectExit(
      await ws.run([
        'training',
        'assign',
        '--course',
        'gdpr-personal-data',
        '--user',
        'bob@acme.test',
        '--due',
        day(3),
      ]),
      0,
    );
    expectExit(
      await ws.run([
        'training',
        'record',
        '--user',
        'cara@acme.test',
        '--course',
        'short',
        '--score',
        '100',
        '--completed-at',
        '2026-01-10',
      ]),
      0,
    );
    // Members join when they first log in.
    expectExit(await ws.run(['login', '--email', 'bob@acme.test', '--password-stdin'], `${PASSWORD}\n`), 0);
    expectExit(await ws.run(['login', '--email', 'cara@acme.test', '--password-stdin'], `${PASSWORD}\n`), 0);
    // dan tried the course in Spanish, and failed.
    const wrong = join(ws.dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ q1: false, q2: 'three', q3: ['three'] }));
    expectExit(await ws.run(['login', '--email', 'dan@acme.test', '--password-stdin'], `${PASSWORD}\n`), 0);
    expectExit(await ws.run(['training', 'take', 'short', '--answers', wrong, '--lang', 'es', '--json']), 0);
    expectExit(await ws.run(['login', '--email', 'ana@acme.test', '--password-stdin'], `${PASSWORD}\n`), 0);
  });
  afterEach(async () => {
    await ws.close();
    await smtp.close();
  });

  it(
    'remind mails exactly the people with overdue training, in their language: now, queued and on a schedule; --dry-run sends nothing',
    { timeout: 240_000 },
    async () => {
      const dry = JSON.parse(expectExit(await ws.run(['training', 'remind', '--dry-run', '--json']), 0).stdout);
      expect(dry).toEqual([
        { email: 'ana@acme.test', language: 'en', overdue: 1, dueSoon: 0, status: 'would-send' },
        { email: 'bob@acme.test', language: 'en', overdue: 1, dueSoon: 0, status: 'would-send' },
        { email: 'dan@acme.test', language: 'es', overdue: 1, dueSoon: 0, status: 'would-send' },
      ]);
      expect(smtp.messages).toHaveLength(0);

      const sent = expectExit(await ws.run(['training', 'remind', '--due-soon', '7']), 0);
      expect(lines(sent.stdout).map((l) => l.split('\t')[0])).toEqual([
        'ana@acme.test',
        'bob@acme.test',
        'dan@acme.test',
      ]);
      expect(sent.stderr).toMatch(/Sent 3 reminders/);
      const mails = await Promise.all(smtp.messages.map((m) => simpleParser(m)));
      expect(mails.map(toOf).sort()).toEqual(['ana@acme.test', 'bob@acme.test', 'dan@acme.test']);
      const of = (to: string) => mails.find((m) => toOf(m) === to) as ParsedMail;
      expect(of('ana@acme.test').subject).toBe('Overdue training: 1 course(s)');
      expect(of('ana@acme.test').text).toContain('- Short course (short), due 2020-01-01');
      expect(of('bob@acme.test').text).toContain('Training due soon:');
      expect(of('bob@acme.test').text).toContain(`(gdpr-personal-data), due ${day(3)}`);
      expect(of('dan@acme.test').subject).toBe('Formación vencida: 1 curso(s)');
      expect(of('dan@acme.test').text).toContain('- Curso corto (short), fecha límite 2020-01-01');
      expect(mails.every((m) => typeof m.text === 'string' && m.text.length > 0 && m.html)).toBe(true);
      const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json', 'mail']), 0).stdout);
      expect(status.mail).toEqual({ accepted: 3, rejected: 0, deferred: 0 });

      // --async queues the training-reminders job; a worker mails one message each, to the overdue only.
      smtp.messages.length = 0;
      await asyncAndScheduled();
    },
  );

  async function asyncAndScheduled(): Promise<void> {
    const queued = expectExit(await ws.run(['training', 'remind', '--async']), 0);
    const [job] = lines(queued.stdout);
    expect(job).toMatch(/^[0-9a-f-]{36}$/);
    expect(smtp.messages).toHaveLength(0);
    const worker = ws.worker(['--until-idle', '--queues', 'email']);
    expect((await worker.exited).code, worker.stderr()).toBe(0);
    const mails = await Promise.all(smtp.messages.map((m) => simpleParser(m)));
    expect(mails.map(toOf).sort()).toEqual(['ana@acme.test', 'bob@acme.test', 'dan@acme.test']);
    expect(mails.find((m) => toOf(m) === 'bob@acme.test')?.text).not.toContain('gdpr-personal-data');
    const shown = JSON.parse(expectExit(await ws.run(['jobs', 'show', job as string, '--json']), 0).stdout);
    expect(shown).toMatchObject({ kind: 'training-reminders', state: 'completed', output: { people: 3, mailJobs: 3 } });
    const jobs = JSON.parse(expectExit(await ws.run(['jobs', 'list', '--json', 'kind,state']), 0).stdout);
    expect(jobs.filter((j: { kind: string }) => j.kind === 'mail.training-reminder')).toHaveLength(3);
    expect(jobs.every((j: { state: string }) => j.state === 'completed')).toBe(true);

    // A schedule of training-reminders (daily in real life) sends them when it comes round.
    smtp.messages.length = 0;
    expectExit(
      await ws.run(['jobs', 'schedule', 'reminders', '--cron', '* * * * *', '--job', 'training-reminders']),
      0,
    );
    await earlyInAMinute();
    const scheduler = ws.worker(['--queues', 'email', '--lease-check', '1']);
    await ws.until('three reminders', async () => smtp.messages.length >= 3, 30_000);
    scheduler.child.kill('SIGTERM');
    expect((await scheduler.exited).code, scheduler.stderr()).toBe(0);
    const scheduled = await Promise.all(smtp.messages.map((m) => simpleParser(m)));
    expect(scheduled.map(toOf).sort()).toEqual(['ana@acme.test', 'bob@acme.test', 'dan@acme.test']);

    const bad = await ws.run(['training', 'remind', '--due-soon', '-1']);
    expect(bad.code, describeRun(bad)).toBe(3);
    expect(bad.stderr).toMatch(/^error: --due-soon must be a whole number from 0 to 90/);
  }
});
