import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { JobsWorkspace } from './jobs-helpers.js';
import { startSmtp, type TestSmtp, useSmtp } from './jobs-smtp.js';
import { describeRun, expectExit, lines } from './helpers.js';

const NAMED = fileURLToPath(new URL('../contexts/survey/fixtures/named.yaml', import.meta.url));
const TOKEN = /rnf_svy_[A-Za-z0-9_-]{32}/g;

/**
 * `survey invite --send`: one mail job per person; the worker has a token
 * issued as each message goes out, so it is in the mail and nowhere else.
 */
describe.each(DIALECTS)('survey invitations by mail on $name', (dialect) => {
  let ws: JobsWorkspace;
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startSmtp();
    ws = new JobsWorkspace(await dialect.fresh());
    await ws.init();
    await useSmtp(ws, smtp);
    expectExit(await ws.run(['survey', 'create', '--from', NAMED]), 0);
    expectExit(await ws.run(['survey', 'publish', 'named-check']), 0);
  });
  afterEach(async () => {
    await ws.close();
    await smtp.close();
  });

  it('each person gets a working one-time token by mail; jobs, logs, the audit and the database never hold it', async () => {
    const people = join(ws.dir, 'people.csv');
    writeFileSync(people, 'name,email\nBea,bea@client.test\nLuis,Luis@Client.test\n');
    const invited = expectExit(
      await ws.run(['survey', 'invite', 'named-check', '--emails', people, '--send', '--lang', 'es']),
      0,
    );
    const rows = lines(invited.stdout).map((l) => l.split('\t'));
    expect(rows.map((r) => r[0])).toEqual(['bea@client.test', 'luis@client.test']);
    const jobIds = rows.map((r) => r[1] as string);
    expect(jobIds.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(`${invited.stdout}${invited.stderr}`).not.toMatch(TOKEN);
    expect(smtp.messages).toHaveLength(0);

    const worker = ws.worker(['--until-idle', '--queues', 'email']);
    expect((await worker.exited).code, worker.stderr()).toBe(0);
    expect(smtp.messages).toHaveLength(2);
    const mails = await Promise.all(smtp.messages.map((m) => simpleParser(m)));
    const byTo = new Map(mails.map((m) => [m.to && !Array.isArray(m.to) ? m.to.text : '', m]));
    const tokens: string[] = [];
    for (const to of ['bea@client.test', 'luis@client.test']) {
      const mail = byTo.get(to);
      expect(mail, to).toBeDefined();
      expect(mail?.subject).toBe('Encuesta: Todos los tipos de pregunta');
      expect(mail?.text).toContain('Acme le invita a responder la encuesta «Todos los tipos de pregunta»');
      expect(mail?.html).toBeTruthy();
      const found = mail?.text?.match(TOKEN) ?? [];
      expect(new Set(found).size).toBe(1);
      expect(mail?.html).toContain(found[0]);
      tokens.push(found[0] as string);
    }
    expect(new Set(tokens).size).toBe(2);

    // The token in the mail answers the survey, once.
    const answers = join(ws.dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ lk: 4, np: 9, sc: 'office', yn: 'no' }));
    expectExit(await ws.run(['survey', 'respond', tokens[0] as string, '--answers', answers]), 0);
    const twice = await ws.run(['survey', 'respond', tokens[0] as string, '--answers', answers]);
    expect(twice.code, describeRun(twice)).toBe(6);
    const invitations = JSON.parse(
      expectExit(await ws.run(['survey', 'invitations', 'named-check', '--json']), 0).stdout,
    );
    expect(invitations).toMatchObject({ invited: 2, completed: 1 });

    // Delivery results are recorded as for every mail.
    const status = JSON.parse(expectExit(await ws.run(['jobs', 'status', '--json', 'mail']), 0).stdout);
    expect(status.mail).toEqual({ accepted: 2, rejected: 0, deferred: 0 });

    // Nowhere else: not in what jobs print, the worker's log, the audit trail or any stored row.
    const shown = await Promise.all(jobIds.map((id) => ws.run(['jobs', 'show', id, '--json'])));
    for (const s of shown) {
      expect(s.code, describeRun(s)).toBe(0);
      expect(JSON.parse(s.stdout)).toMatchObject({ kind: 'mail.survey-invitation', state: 'completed' });
    }
    const listed = expectExit(await ws.run(['jobs', 'list', '--json']), 0);
    const audit = expectExit(await ws.run(['audit', 'list', '--json', '--limit', '1000']), 0);
    expect(audit.stdout).toContain('survey.invitation_mailed');
    const printed = [...shown.map((s) => s.stdout), listed.stdout, audit.stdout, worker.stderr()].join('\n');
    const stored =
      dialect.name === 'postgres'
        ? await ws.query<Record<string, unknown>>(
            `select data::text as data, output::text as output from pgboss_${/search_path=([a-z0-9_]+)/.exec(decodeURIComponent(ws.database.url))?.[1]}.job`,
          )
        : await ws.query<Record<string, unknown>>('select data, output from jobs_queue');
    const rowsText = [
      JSON.stringify(stored),
      JSON.stringify(await ws.query('select * from audit_events')),
      JSON.stringify(await ws.query('select * from jobs_deliveries')),
      JSON.stringify(await ws.query('select * from jobs_runs')),
    ].join('\n');
    for (const token of tokens) {
      expect(printed).not.toContain(token);
      expect(rowsText).not.toContain(token);
    }
    expect(rowsText).toContain('mail.survey-invitation');
  });

  it('--send needs --emails; a bad address or language is refused and nothing is queued', async () => {
    const bad = join(ws.dir, 'bad.csv');
    writeFileSync(bad, 'email\nbea@client.test\nnot-an-address\n');
    const good = join(ws.dir, 'good.csv');
    writeFileSync(good, 'email\nbea@client.test\n');
    for (const args of [
      ['--count', '3', '--send'],
      ['--emails', good, '--send', '--out', join(ws.dir, 'x.csv')],
      ['--emails', bad, '--send'],
      ['--emails', good, '--send', '--lang', 'fr'],
    ]) {
      const r = await ws.run(['survey', 'invite', 'named-check', ...args]);
      expect(r.code, describeRun(r)).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await ws.jobs()).toEqual([]);
    const invitations = JSON.parse(
      expectExit(await ws.run(['survey', 'invitations', 'named-check', '--json']), 0).stdout,
    );
    expect(invitations.invited).toBe(0);
  });
});
