import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { ScriptedPrompter } from '../support/scripted-prompter.js';

const PASSWORD = 'correct horse battery staple';
const ALL_TYPES = fileURLToPath(new URL('../contexts/survey/fixtures/all-types.yaml', import.meta.url));

describe.each(DIALECTS)('survey commands on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-survey-'));
    expect(
      (
        await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
          stdin: `${PASSWORD}\n`,
        })
      ).code,
    ).toBe(0);
    expect((await ws.run(['survey', 'create', '--from', ALL_TYPES])).code).toBe(0);
    expect((await ws.run(['survey', 'publish', 'all-types'])).code).toBe(0);
  });
  afterEach(() => database.drop());

  const invite = async () => (await ws.run(['survey', 'invite', 'all-types', '--count', '1'])).stdout.trim();

  it('survey take: number keys pick the value they show, actions sit on letters, and Ctrl-C keeps what was given', async () => {
    const token = await invite();
    const first = new ScriptedPrompter([
      'key:4', // lk: the choice marked 4 ("Agree")
      'action:back', // l7: back to lk
      'key:5', // lk again: 5
      'action:skip', // l7 is optional
      'key:10', // np: the key 10, not the tenth item
      // the script runs out at rt: Ctrl-C
    ]);
    const stopped = await ws.run(['survey', 'take', token], { prompter: first });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('everything answered so far is saved');
    const resumed = new ScriptedPrompter([
      'action:skip', // l7: resuming starts at the first question without an answer
      'key:3', // rt
      'key:2', // sc: the option shown second (the order is shuffled for this response)
      '1,4', // mc: the first option and "Other"
      'Printer', // the other tool
      'key:1', // yn: yes
      'phishing mail', // fu, shown because yn is yes
      '', // tx: optional, skipped
      'yes', // submit
    ]);
    const done = await ws.run(['survey', 'take', token, '--lang', 'es'], { prompter: resumed });
    expect(done.code, `${done.stderr}\n${resumed.asked.join('\n')}`).toBe(0);
    expect(done.stderr).toContain('Gracias');
    expect(first.asked[0]).toBe('Security matters here.');
    expect(resumed.asked).toContain('Puntúelo. (opcional: Intro para saltar)');
    const results = JSON.parse((await ws.run(['survey', 'results', 'all-types', '--json'])).stdout);
    const q = (id: string) => results.questions.find((x: { id: string }) => x.id === id);
    expect(q('lk').mean).toBe(5);
    expect(q('np').nps).toMatchObject({ promoters: 1, score: 100 });
    expect(q('rt').mean).toBe(3);
    expect(q('l7').respondents).toBe(0);
    expect(q('mc').texts).toEqual(['Printer']);
    expect(q('fu').texts).toEqual(['phishing mail']);
    expect(results.completed).toBe(1);
  });

  it('take without a terminal names the scripted path; respond and results work from scripts', async () => {
    const token = await invite();
    const noTty = await ws.run(['survey', 'take', token]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('renfe survey respond <token> --answers answers.json');
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ lk: 4, np: 8, sc: 'office', yn: 'no' }));
    const responded = await ws.run(['survey', 'respond', token, '--answers', answers]);
    expect(responded.code, responded.stderr).toBe(0);
    expect((await ws.run(['survey', 'respond', token, '--answers', answers])).code).toBe(6);
    const piped = await ws.run(['survey', 'results', 'all-types']);
    expect(piped.stdout).toContain('invited 1, started 1, completed 1');
    expect(piped.stdout).not.toContain('█');
    const tty = await ws.run(['survey', 'results', 'all-types'], { tty: true });
    expect(tty.stdout).toContain('█');
    const out = join(dir, 'responses.csv');
    expect((await ws.run(['survey', 'export', 'all-types', '--out', out])).code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFresponse,day,lk,l7,np,rt,sc,mc,yn,fu,tx');
    expect(csv.split('\r\n')[1]).toMatch(/^[0-9a-f-]{36},\d{4}-\d{2}-\d{2},4,,8,,office,,no,,$/);
    const list = await ws.run(['survey', 'list', '--json', 'survey,status,completed']);
    expect(JSON.parse(list.stdout)).toEqual([{ survey: 'all-types', status: 'published', completed: 1 }]);
    const invitations = await ws.run(['survey', 'invitations', 'all-types', '--json']);
    expect(JSON.parse(invitations.stdout)).toMatchObject({ invited: 1, opened: 1, completed: 1, people: [] });
    expect(invitations.stdout).not.toContain('rnf_svy_');
  });

  it('survey report writes a sealed PDF that report list shows and report verify accepts until the results move', async () => {
    const answers = join(dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ lk: 4, np: 9, sc: 'office', yn: 'no' }));
    const respond = async () =>
      expect((await ws.run(['survey', 'respond', await invite(), '--answers', answers])).code).toBe(0);
    await respond();
    const few = join(dir, 'few.pdf');
    const withheld = await ws.run(['survey', 'report', 'all-types', '--out', few]);
    expect(withheld.code, withheld.stderr).toBe(0);
    expect(withheld.stderr).toContain('fewer completed responses than the anonymity threshold');
    await respond();
    const out = join(dir, 'results.pdf');
    const made = await ws.run(['survey', 'report', 'all-types', '--out', out, '--lang', 'es', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const summary = JSON.parse(made.stdout);
    expect(summary).toMatchObject({ file: out, survey: 'all-types@1', template: 'survey', withheld: false });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const listed = JSON.parse((await ws.run(['report', 'list', '--json', 'id,assessment,template'])).stdout);
    expect(listed).toContainEqual({ id: summary.id, assessment: 'survey:all-types@1', template: 'survey' });
    expect((await ws.run(['report', 'verify', out])).code).toBe(0);
    await respond();
    expect((await ws.run(['report', 'verify', out])).code).toBe(5);
    const bad = await ws.run(['survey', 'report', 'all-types', '--out', join(dir, 'x.pdf'), '--color', 'green']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--color must be #rrggbb, got "green"');
  });
});
