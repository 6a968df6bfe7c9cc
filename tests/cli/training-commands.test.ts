import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/contexts/training/adapters/markdown/terminal-markdown.js';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { ScriptedPrompter } from '../support/scripted-prompter.js';

const PASSWORD = 'correct horse battery staple';
const SHORT = fileURLToPath(new URL('../contexts/training/fixtures/short.yaml', import.meta.url));
const MARKERS = ['**', '##', ']('];

describe('training module rendering', () => {
  it('shows the Markdown of every shipped module with no raw markers, wrapped to the width', async () => {
    const { courseFiles } = await import('../../src/contexts/training/adapters/files/course-files.js');
    for (const name of ['phishing', 'passwords-mfa', 'gdpr-personal-data']) {
      const { definition } = await courseFiles.course(name);
      for (const module of definition.modules) {
        for (const lang of ['en', 'es']) {
          const shown = await renderMarkdown(module.body[lang]!, { width: 60, color: false });
          for (const marker of MARKERS) expect(shown, `${name}/${module.id}/${lang}`).not.toContain(marker);
          for (const line of shown.split('\n')) expect(line.length, line).toBeLessThanOrEqual(64);
        }
      }
    }
  });
});

describe.each(DIALECTS)('training commands on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-training-cli-'));
    expect(
      (
        await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
          stdin: `${PASSWORD}\n`,
        })
      ).code,
    ).toBe(0);
    expect((await ws.run(['training', 'course', 'import', SHORT])).code).toBe(0);
    expect((await ws.run(['training', 'assign', '--course', 'short', '--all', '--due', '2099-12-31'])).code).toBe(0);
  });
  afterEach(() => database.drop());

  it('training take: pages through modules, resumes after quitting, keys pick answers, then score and explanations', async () => {
    const first = new ScriptedPrompter([
      'key:n', // module 1, its only page: on to module 2 (module 1 recorded as read)
      'action:quit', // module 2: save and quit
    ]);
    const quit = await ws.run(['training', 'take', 'short'], { prompter: first });
    expect(quit.code, quit.stderr).toBe(0);
    expect(quit.stderr).toContain('Saved: run the same command');
    expect(quit.stderr).toContain('First module');
    for (const marker of MARKERS) expect(quit.stderr).not.toContain(marker);
    expect(first.asked).toEqual(['Module 1/2, page 1/1', 'Module 2/2, page 1/1']);

    const second = new ScriptedPrompter([
      'key:n', // module 2 (resumed there): on to the quiz
      'key:1', // q1: the choice marked 1, True
      // the script runs out at q2: Ctrl-C
    ]);
    const stopped = await ws.run(['training', 'take', 'short'], { prompter: second });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('everything so far is saved');
    expect(second.asked.slice(0, 3)).toEqual(['Module 2/2, page 1/1', 'Sky is blue', 'Two plus two']);

    const third = new ScriptedPrompter([
      'key:3', // q2 (q1 was saved): 5, wrong
      '1,3', // q3: 2 and 6
    ]);
    const done = await ws.run(['training', 'take', 'short'], { prompter: third });
    expect(done.code, done.stderr).toBe(0);
    expect(third.asked[0]).toBe('Two plus two');
    expect(done.stdout).toContain('Passed: 66% (pass mark 60%).');
    expect(done.stdout).toContain('✗ Two plus two');
    expect(done.stdout).toContain('the answer: 4');
    expect(done.stdout).toContain('2 and 6 are even.');
    const attempts = JSON.parse((await ws.run(['training', 'attempts', '--json'])).stdout);
    expect(attempts).toEqual([
      expect.objectContaining({ course: 'short', status: 'passed', score: 66, source: 'terminal' }),
    ]);
  });

  it('without a terminal take names the scripted and recorded paths; --answers, status, export, certificate and verify work from scripts', async () => {
    const noTty = await ws.run(['training', 'take', 'short']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('renfe training take short --answers answers.json');
    expect(noTty.stderr).toContain(
      'renfe training record --user <email> --course short --score N --completed-at <date>',
    );

    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ q1: true, q2: 'seven' }));
    const bad = await ws.run(['training', 'take', 'short', '--answers', answers]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/answers\.json \(q2\): "seven" is not an option; one of three, four, five/);
    writeFileSync(answers, JSON.stringify({ q1: true, q2: 'four', q3: ['two', 'six'] }));
    const taken = await ws.run(['training', 'take', 'short', '--answers', answers, '--json']);
    expect(taken.code, taken.stderr).toBe(0);
    const result = JSON.parse(taken.stdout);
    expect(result).toMatchObject({ score: 100, passed: true, course: 'short', version: 1 });

    const status = JSON.parse((await ws.run(['training', 'status', '--json'])).stdout);
    expect(status).toEqual([
      expect.objectContaining({
        course: 'short',
        assigned: 1,
        completed: 1,
        passed: 1,
        overdue: 0,
        completionRate: 100,
        averageScore: 100,
      }),
    ]);
    const csv = (await ws.run(['training', 'export', '--out', '-'])).stdout;
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFcourse,email,name,role,due,requiredVersion,status,completed,passed,score,completedAt,overdue',
    );
    expect(csv).toContain('short,ana@acme.test');

    const cert = join(dir, 'cert.pdf');
    const made = await ws.run(['training', 'certificate', result.attempt, '--out', cert]);
    expect(made.code, made.stderr).toBe(0);
    const text = execFileSync('pdftotext', [cert, '-']).toString();
    expect(text).toContain('Certificate of completion');
    expect(text).toContain('Short course');
    const ok = await ws.run(['training', 'verify', cert]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*cert\.pdf is certificate [0-9a-f-]{36} of attempt .*, valid/);

    const copy = join(dir, 'copy.pdf');
    const bytes = Buffer.from(readFileSync(cert));
    bytes[bytes.length - 10] = bytes[bytes.length - 10] === 0x30 ? 0x31 : 0x30;
    writeFileSync(copy, bytes);
    const altered = await ws.run(['training', 'verify', copy, '--json']);
    expect(altered.code).toBe(4);
    expect(JSON.parse(altered.stdout)).toMatchObject({ verdict: 'not-ours' });

    expect((await ws.run(['training', 'attempt', 'annul', result.attempt])).code).toBe(0);
    const revoked = await ws.run(['training', 'verify', cert]);
    expect(revoked.code).toBe(5);
    expect(revoked.stderr).toContain('revoked');
  });

  it('assessment show lists, per requirement a course is linked to, completion among the people assigned', async () => {
    expect((await ws.run(['training', 'course', 'import', 'phishing'])).code).toBe(0);
    expect((await ws.run(['training', 'assign', '--course', 'phishing', '--all', '--due', '2099-12-31'])).code).toBe(0);
    const recorded = await ws.run([
      'training',
      'record',
      '--user',
      'ana@acme.test',
      '--course',
      'phishing',
      '--score',
      '95',
      '--completed-at',
      '2026-01-10',
    ]);
    expect(recorded.code, recorded.stderr).toBe(0);
    const id = (
      await ws.run(['assessment', 'create', '--subject', 'HQ', '--framework', 'iso27001-2022'])
    ).stdout.trim();
    const shown = await ws.run(['assessment', 'show', id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(
      /training iso27001-2022:A\.6\.3:\s+100\.0% completed of 1 assigned, 100\.0% passed \(phishing@1; last 2026-01-10\)/,
    );
    expect(shown.stdout).not.toContain('nist-csf-2.0:PR.AT-01');
    const json = JSON.parse((await ws.run(['assessment', 'show', id, '--json', 'training'])).stdout);
    expect(json.training).toEqual([
      expect.objectContaining({
        requirement: 'iso27001-2022:A.6.3',
        assigned: 1,
        completed: 1,
        passed: 1,
        completionRate: 100,
      }),
    ]);
  });

  it('training report: a branded PDF in Spanish, recorded, verified, refused on a changed copy; one course as JSON', async () => {
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    expect((await ws.run(['training', 'course', 'import', 'phishing'])).code).toBe(0);
    expect((await ws.run(['training', 'assign', '--course', 'phishing', '--all', '--due', daysAgo(3)])).code).toBe(0);
    const add = await ws.run(
      ['user', 'add', '--email', 'luis@acme.test', '--name', 'Luis Lector', '--role', 'viewer', '--password-stdin'],
      {
        stdin: `${PASSWORD}\n`,
      },
    );
    expect(add.code, add.stderr).toBe(0);
    // Luis joins when he first logs in; then Ana again.
    expect(
      (await ws.run(['login', '--email', 'luis@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` })).code,
    ).toBe(0);
    const viewer = await ws.run(['training', 'report', '--out', join(dir, 'v.pdf')]);
    expect(viewer.code).toBe(7);
    expect(viewer.stderr).toContain('training.read');
    expect(
      (await ws.run(['login', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` })).code,
    ).toBe(0);
    for (const [course, score, at] of [
      ['short', '70', daysAgo(70)],
      ['phishing', '95', daysAgo(5)],
    ] as const) {
      const r = await ws.run([
        'training',
        'record',
        '--user',
        'ana@acme.test',
        '--course',
        course,
        '--score',
        score,
        '--completed-at',
        at,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }

    const out = join(dir, 'formacion.pdf');
    const made = await ws.run([
      'training',
      'report',
      '--out',
      out,
      '--lang',
      'es',
      '--firm',
      'Asesores Ibéricos',
      '--color',
      '#0b6e4f',
      '--json',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const summary = JSON.parse(made.stdout);
    expect(summary).toMatchObject({ subject: 'training', format: 'pdf', courses: 2, assigned: 4, overdue: 1 });
    const shown = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    for (const phrase of [
      'Informe de formación en seguridad',
      'Asesores Ibéricos',
      'Finalización por curso',
      'Finalización por rol',
      'Finalizaciones por mes',
      'Fuera de plazo',
      'Luis Lector',
      'luis@acme.test',
      'sin hacer',
      'Lector',
    ])
      expect(shown, phrase).toContain(phrase);

    const listed = JSON.parse((await ws.run(['report', 'list', '--json'])).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ id: summary.id, assessment: 'training', template: 'training', language: 'es' }),
    ]);
    const verified = await ws.run(['report', 'verify', out, '--json']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ produced: true, seal: 'valid', dataUnchanged: true });
    const copy = join(dir, 'copia.pdf');
    const bytes = Buffer.from(readFileSync(out));
    bytes[bytes.length - 10] = bytes[bytes.length - 10] === 0x30 ? 0x31 : 0x30;
    writeFileSync(copy, bytes);
    expect((await ws.run(['report', 'verify', copy])).code).toBe(4);

    const json = await ws.run(['training', 'report', '--course', 'phishing', '--format', 'json', '--out', '-']);
    expect(json.code, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data.courses.map((c: { course: string }) => c.course)).toEqual(['phishing']);
    expect(data.overdue).toEqual([expect.objectContaining({ email: 'luis@acme.test', role: 'viewer', failed: false })]);
    expect(data.months.at(-1).month).toBe(new Date().toISOString().slice(0, 7));

    // The same report through report generate --training.
    const viaReport = join(dir, 'via-report.pdf');
    const generated = await ws.run([
      'report',
      'generate',
      '--training',
      '--course',
      'phishing',
      '--out',
      viaReport,
      '--json',
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({
      subject: 'training:phishing',
      template: 'training',
      courses: 1,
    });
    expect(execFileSync('pdftotext', [viaReport, '-'], { encoding: 'utf8' })).toContain('Completion by course');
    const viaVerified = await ws.run(['report', 'verify', viaReport]);
    expect(viaVerified.code).toBe(0);
    expect(viaVerified.stdout).toMatch(/^ok: .*via-report\.pdf is report \w+ of training:phishing, made /);
    const both = await ws.run(['report', 'generate', 'k3m9x2pq', '--training', '--out', join(dir, 'b.pdf')]);
    expect(both.code).toBe(3);
    expect(both.stderr).toContain('--training reports on training, not on assessment k3m9x2pq');
    const neither = await ws.run(['report', 'generate', '--out', join(dir, 'n.pdf')]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('missing the assessment id (or --training)');

    // An assessment report does not take a training template.
    const id = (
      await ws.run(['assessment', 'create', '--subject', 'HQ', '--framework', 'iso27001-2022'])
    ).stdout.trim();
    const wrong = await ws.run(['report', 'generate', id, '--template', 'training', '--out', join(dir, 'a.pdf')]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('templates/training.yaml: sections[1]: expected a section of an assessment report');
    expect(JSON.parse((await ws.run(['report', 'list', '--json'])).stdout)).toHaveLength(3);
  });

  it('assessment suggest --from training: lists without storing, records on --apply or a yes at the prompt', async () => {
    expect((await ws.run(['training', 'course', 'import', 'phishing'])).code).toBe(0);
    expect((await ws.run(['training', 'assign', '--course', 'phishing', '--all', '--due', '2099-12-31'])).code).toBe(0);
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const rec = ['training', 'record', '--user', 'ana@acme.test', '--course', 'phishing', '--score', '95'];
    expect((await ws.run([...rec, '--completed-at', day])).code).toBe(0);
    const id = (
      await ws.run(['assessment', 'create', '--subject', 'HQ', '--framework', 'iso27001-2022'])
    ).stdout.trim();

    const listed = await ws.run(['assessment', 'suggest', id, '--from', 'training']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/iso27001-2022:A\.6\.3\.Q1\s+-\s+yes\s+record\s+100\.0 % of 1 assignments completed/);
    expect(listed.stdout).toMatch(/iso27001-2022:A\.6\.3\.Q2\s+-\s+100\s+record/);
    expect(listed.stderr).toContain('Nothing recorded: run with --apply to record 2 suggested answers.');
    const json = JSON.parse((await ws.run(['assessment', 'suggest', id, '--from', 'training', '--json'])).stdout);
    expect(json.applied).toEqual([]);
    expect(json.suggestions.map((s: { question: string; suggested: unknown }) => [s.question, s.suggested])).toEqual([
      ['iso27001-2022:A.6.3.Q1', 'yes'],
      ['iso27001-2022:A.6.3.Q2', 100],
    ]);
    const answered = () =>
      ws
        .run(['assessment', 'show', id, '--questions', '--json', 'questions'])
        .then((r) => JSON.parse(r.stdout).questions.filter((q: { value: unknown }) => q.value !== null));
    expect(await answered()).toEqual([]);

    // On a terminal: the table, then a question; no stores nothing, yes records.
    const no = new ScriptedPrompter(['no']);
    const refused = await ws.run(['assessment', 'suggest', id, '--from', 'training'], { prompter: no });
    expect(refused.code, refused.stderr).toBe(0);
    expect(no.asked).toEqual(['Record 2 suggested answers?']);
    expect(refused.stderr).toContain('Nothing recorded.');
    expect(await answered()).toEqual([]);
    const yes = new ScriptedPrompter(['yes']);
    const confirmed = await ws.run(['assessment', 'suggest', id, '--from', 'training'], { prompter: yes });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stderr).toContain('Recorded 2 answers from training records');
    const stored = await answered();
    expect(stored.map((q: { question: string; value: unknown }) => [q.question, q.value])).toEqual([
      ['A.6.3.Q1', 'yes'],
      ['A.6.3.Q2', 100],
    ]);
    expect(stored[0].note).toMatch(/^From training records: 100\.0 % of 1 assignments completed/);

    const again = await ws.run(['assessment', 'suggest', id, '--from', 'training', '--apply', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
    const audit = JSON.parse((await ws.run(['audit', 'list', '--json'])).stdout) as { action: string }[];
    expect(audit.filter((e) => e.action === 'assessment.suggestions_applied')).toHaveLength(1);
    const bad = await ws.run(['assessment', 'suggest', id, '--from', 'surveys']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--from: suggestions come from training, not "surveys"');
    expect((await ws.run(['assessment', 'suggest', 'nope1234', '--from', 'training'])).code).toBe(4);
    const gdpr = (await ws.run(['assessment', 'create', '--subject', 'DPO', '--framework', 'gdpr'])).stdout.trim();
    const none = await ws.run(['assessment', 'suggest', gdpr, '--from', 'training']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('This assessment has no awareness question that training records answer.');
  });
});
