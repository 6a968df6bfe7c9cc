import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { JobsWorkspace } from './jobs-helpers.js';
import { describeRun, expectExit, lines } from './helpers.js';

const SMTP_USER = 'relay-user';
const SMTP_PASSWORD = 'relay-secret-9f3k';

/** A real SMTP server in the test: it asks for a login, refuses bounce@ (550) and defers later@ (451). */
async function startSmtp(): Promise<{ port: number; messages: Buffer[]; close(): Promise<void> }> {
  const messages: Buffer[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error('bad login'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) {
        callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      } else if (address.address.startsWith('later@')) {
        callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      } else callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('mail on $name', (dialect) => {
  let ws: JobsWorkspace;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let assessment: string;

  beforeEach(async () => {
    smtp = await startSmtp();
    ws = new JobsWorkspace(await dialect.fresh());
    await ws.init();
    for (const [key, value] of [
      ['smtp.host', '127.0.0.1'],
      ['smtp.port', String(smtp.port)],
      ['smtp.user', SMTP_USER],
      ['smtp.password', SMTP_PASSWORD],
      ['smtp.from', 'Acme Audits <audits@acme.test>'],
    ]) {
      expectExit(await ws.run(['config', 'set', key as string, value as string]), 0);
    }
    assessment = expectExit(
      await ws.run(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC']),
      0,
    ).stdout.trim();
  });
  afterEach(async () => {
    await ws.close();
    await smtp.close();
  });

  it('a report queued with --async --email arrives with the PDF attached, and report verify passes on it', async () => {
    const out = join(ws.dir, 'reports', 'executive.pdf');
    const queued = expectExit(
      await ws.run([
        'report',
        'generate',
        assessment,
        '--template',
        'executive',
        '--out',
        out,
        '--async',
        '--email',
        'ciso@client.test',
        '--lang',
        'es',
      ]),
      0,
    );
    const [jobId] = lines(queued.stdout);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(smtp.messages).toHaveLength(0);

    const worker = ws.worker(['--until-idle']);
    const exit = await worker.exited;
    expect(exit.code, worker.stderr()).toBe(0);
    expect(smtp.messages).toHaveLength(1);

    const mail = await simpleParser(smtp.messages[0] as Buffer);
    expect(mail.subject).toBe('Informe listo: Plant (executive)');
    expect(mail.from?.text).toContain('audits@acme.test');
    expect(mail.text).toContain(`evaluación ${assessment}`);
    expect(mail.html).toBeTruthy();
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe('executive.pdf');
    const received = join(ws.dir, 'received.pdf');
    writeFileSync(received, pdf.content);
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    expectExit(await ws.run(['report', 'verify', received]), 0);
    // The worker also wrote --out, and it is the same report.
    expect(readFileSync(out).equals(pdf.content)).toBe(true);

    const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json', 'mail']), 0).stdout);
    expect(status.mail).toEqual({ accepted: 1, rejected: 0, deferred: 0 });
    const jobs = await ws.jobs();
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed']);
    // Secrets never printed: not by the worker, not in the job's data.
    const shown = await ws.run(['jobs', 'show', jobs[0]!.id, '--json']);
    expect(`${worker.stderr()}${shown.stdout}${queued.stdout}${queued.stderr}`).not.toContain(SMTP_PASSWORD);
  });

  it('a temporary refusal leaves the mail job to retry; a permanent one is reported and recorded', async () => {
    expectExit(
      await ws.run([
        'report',
        'generate',
        assessment,
        '--format',
        'json',
        '--out',
        join(ws.dir, 'r.json'),
        '--email',
        'later@client.test',
      ]),
      0,
    );
    const worker = ws.worker(['--until-idle']);
    expect((await worker.exited).code, worker.stderr()).toBe(0);
    const mailJob = (await ws.jobs()).find((j) => j.state !== 'completed');
    expect(mailJob?.state).toBe('retry');
    expect(mailJob?.lastError).toMatch(/^MAIL\.DEFERRED: .*451/);

    const bounced = await ws.run(['mail', 'test', '--to', 'bounce@client.test']);
    expect(bounced.code, describeRun(bounced)).toBe(3);
    expect(bounced.stderr).toMatch(/^error: the SMTP relay refused the message: .*550/);
    const deferred = await ws.run(['mail', 'test', '--to', 'later@client.test']);
    expect(deferred.code, describeRun(deferred)).toBe(8);

    const ok = expectExit(await ws.run(['mail', 'test', '--to', 'ana@acme.test']), 0);
    expect(ok.stderr).toMatch(/accepted the test message/);
    const test = await simpleParser(smtp.messages.at(-1) as Buffer);
    expect(test.subject).toBe('renfe test message');
    expect(test.text).toContain('the SMTP settings work');

    const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json', 'mail']), 0).stdout);
    expect(status.mail).toEqual({ accepted: 1, rejected: 1, deferred: 2 });
  });

  it('--dry-run writes .eml files instead of sending; a missing relay is a one-line error', async () => {
    const outbox = join(ws.dir, 'outbox');
    expectExit(await ws.run(['mail', 'test', '--to', 'ana@acme.test', '--lang', 'es', '--dry-run', outbox]), 0);
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = await simpleParser(readFileSync(join(outbox, files[0] as string)));
    expect(eml.subject).toBe('Prueba de correo de renfe');
    expect(eml.text).toContain('configuración SMTP funciona');
    expect(smtp.messages).toHaveLength(0);

    // A worker in dry-run mode writes queued mail to its folder.
    const workerOutbox = join(ws.dir, 'worker-outbox');
    mkdirSync(workerOutbox);
    expectExit(
      await ws.run([
        'report',
        'generate',
        assessment,
        '--template',
        'executive',
        '--out',
        join(ws.dir, 'x.pdf'),
        '--email',
        'ciso@client.test',
      ]),
      0,
    );
    const worker = ws.worker(['--until-idle', '--mail-dry-run', workerOutbox]);
    expect((await worker.exited).code, worker.stderr()).toBe(0);
    const written = readdirSync(workerOutbox);
    expect(written).toHaveLength(1);
    const report = await simpleParser(readFileSync(join(workerOutbox, written[0] as string)));
    expect(report.attachments[0]?.filename).toBe('x.pdf');

    expectExit(await ws.run(['config', 'set', 'smtp.host']), 0);
    const missing = await ws.run(['mail', 'test', '--to', 'ana@acme.test']);
    expect(missing.code).toBe(3);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: no SMTP relay configured \(smtp\.host not set\)/);
    const badAddress = await ws.run(['mail', 'test', '--to', 'not-an-address']);
    expect(badAddress.code).toBe(3);
    const listed = expectExit(await ws.run(['config', 'list', '--json']), 0);
    expect(listed.stdout).not.toContain(SMTP_PASSWORD);
  });
});
