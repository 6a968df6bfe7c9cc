import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerChoices, wrapWords } from '../../src/contexts/assessment/adapters/cli/questionnaire-runner.js';
import { ANSWER_WORDS } from '../../src/contexts/assessment/domain/answer-labels.js';
import type { Question } from '../../src/contexts/assessment/domain/catalog.js';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { ScriptedPrompter } from '../support/scripted-prompter.js';

const PASSWORD = 'correct horse battery staple';

/** A catalog with one question of each type, and a follow-up asked only after "yes". */
const EVERY_TYPE = readFileSync(new URL('../support/fixtures/every-question-type.yaml', import.meta.url), 'utf8');

describe('the keys of each question type', () => {
  const t = (x: unknown) => (typeof x === 'string' ? x : ((x as { en?: string } | null)?.en ?? ''));
  const q = (type: Question['type'], extra: Partial<Question> = {}) => ({ id: 'Q', type, ...extra }) as Question;

  it('puts maturity 0–5 on keys 0–5, yes/partial/no/na on 1–4 and single choices on 1, 2, 3… in order', () => {
    const keys = (question: Question) =>
      Object.fromEntries((answerChoices(question, t, ANSWER_WORDS.en) ?? []).map((c) => [c.key, c.value]));
    expect(keys(q('maturity'))).toEqual({ 0: '0', 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', x: 'na' });
    expect(keys(q('yes_no'))).toEqual({ 1: 'yes', 2: 'partial', 3: 'no', 4: 'na' });
    const choices = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((id) => ({
      id,
      label: { en: id },
      score: 1,
    }));
    expect(keys(q('single_choice', { choices } as Partial<Question>))).toMatchObject({
      1: 'a',
      9: 'i',
      10: 'j',
      11: 'k',
      12: 'na',
    });
    expect(answerChoices(q('text'), t, ANSWER_WORDS.en)).toBeNull();
  });

  it('shows the level labels without a second number beside the key', () => {
    const names = (answerChoices(q('maturity'), t, ANSWER_WORDS.en) ?? []).map((c) => c.name);
    expect(names[3]).not.toMatch(/\d/);
  });

  it('wraps at word boundaries', () => {
    const text = 'Is the allocation and use of privileged access rights restricted and managed with care at all times';
    for (const width of [20, 37, 80]) {
      const lines = wrapWords(text, width).split('\n');
      expect(lines.every((l) => l.length <= width)).toBe(true);
      expect(lines.join(' ')).toBe(text);
    }
  });
});

describe.each(DIALECTS)('the interactive questionnaire on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let id: string;
  let dir: string;

  const ok = async (argv: string[], stdin?: string) => {
    const r = await ws.run(argv, stdin === undefined ? {} : { stdin });
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-run-'));
    await ok(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], `${PASSWORD}\n`);
    id = (
      await ok(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC'])
    ).stdout.trim();
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const answersOf = async (assessment: string) => {
    const rows = JSON.parse((await ws.run(['assessment', 'show', assessment, '--questions', '--json'])).stdout)
      .questions as { question: string; value: unknown; note: string | null }[];
    return Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.question, [r.value, r.note]]));
  };
  const answers = () => answersOf(id);

  it('stores the value of the key pressed, for every question type', async () => {
    const catalog = join(dir, 'every-type.yaml');
    writeFileSync(catalog, EVERY_TYPE);
    await ok(['framework', 'import', catalog]);
    const typed = (await ok(['assessment', 'create', '--subject', 'Keys', '--framework', 'every-type'])).stdout.trim();
    const prompter = new ScriptedPrompter([
      'key:1', // T-1.Q1: 1 is yes
      'key:2', // T-1.Q2 (asked after yes): 2 is partially
      'key:3', // T-2.Q1: 3 is level 3
      'key:2', // T-3.Q1: 2 is the second choice
      'auth,admin', // T-4.Q1
      '4', // T-4.Q2
      'the board', // T-4.Q3
    ]);
    const r = await ws.run(['assessment', 'run', typed], { prompter });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await answersOf(typed)).toEqual({
      'T-1.Q1': ['yes', null],
      'T-1.Q2': ['partial', null],
      'T-2.Q1': [3, null],
      'T-3.Q1': ['onsite', null],
      'T-4.Q1': [['auth', 'admin'], null],
      'T-4.Q2': [4, null],
      'T-4.Q3': ['the board', null],
    });
    // Each key of each type, on a second pass over the same questions.
    for (const [question, key, value] of [
      ['T-1.Q1', 'key:3', 'no'],
      ['T-1.Q1', 'key:4', 'na'],
      ['T-1.Q1', 'key:2', 'partial'],
      ['T-2.Q1', 'key:0', 0],
      ['T-2.Q1', 'key:5', 5],
      ['T-2.Q1', 'key:x', 'na'],
      ['T-3.Q1', 'key:1', 'offsite'],
      ['T-3.Q1', 'key:3', 'none'],
      ['T-3.Q1', 'key:4', 'na'],
    ] as const) {
      // The question after T-3.Q1 is typed: :q quits there.
      const one = new ScriptedPrompter([key, question === 'T-3.Q1' ? ':q' : 'action:quit']);
      const run = await ws.run(['assessment', 'run', typed, '--from', question], { prompter: one });
      expect(run.code, run.stdout).toBe(0);
      expect((await answersOf(typed))[question]?.[0], `${key} on ${question}`).toEqual(value);
    }
    // Answers are shown in words, never as stored codes.
    const again = new ScriptedPrompter(['action:quit']);
    const shown = await ws.run(['assessment', 'run', typed, '--from', 'T-1.Q1'], { prompter: again });
    expect(shown.stdout).toContain('current answer: Partially');
  });

  it('starts at the next question asked when --from names a follow-up that is not asked, and asks again after a refused answer', async () => {
    const catalog = join(dir, 'every-type.yaml');
    writeFileSync(catalog, EVERY_TYPE);
    await ok(['framework', 'import', catalog]);
    const typed = (await ok(['assessment', 'create', '--subject', 'From', '--framework', 'every-type'])).stdout.trim();
    await ok(['assessment', 'answer', typed, 'T-1.Q1', 'no']);
    const prompter = new ScriptedPrompter(['action:quit']);
    const r = await ws.run(['assessment', 'run', typed, '--from', 'T-1.Q2'], { prompter });
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n/g, ' ')).toContain(
      'T-1.Q2 is not asked: it follows up T-1.Q1, whose answer does not call for it. Starting at the next question asked.',
    );
    expect(prompter.asked[0]).toMatch(/^T-2\.Q1/);

    const numbers = new ScriptedPrompter(['-3', '7', ':q']);
    const n = await ws.run(['assessment', 'run', typed, '--from', 'T-4.Q2'], { prompter: numbers });
    expect(n.code).toBe(0);
    expect(numbers.asked.map((m) => m.split(' ')[0])).toEqual(['T-4.Q2', 'T-4.Q2', 'T-4.Q3']);
    expect(n.stdout).toContain('✔ T-4.Q2 How many admins are there? 7\n');
    expect(n.stdout).not.toMatch(/✔ .*(-3|:q)/);
    expect((await answersOf(typed))['T-4.Q2']).toEqual([7, null]);
  });

  it('import-answers refuses a value for a follow-up that is not asked, naming the row, and imports nothing', async () => {
    const catalog = join(dir, 'every-type.yaml');
    writeFileSync(catalog, EVERY_TYPE);
    await ok(['framework', 'import', catalog]);
    const typed = (
      await ok(['assessment', 'create', '--subject', 'Import', '--framework', 'every-type'])
    ).stdout.trim();
    const file = join(dir, 'answers.csv');
    writeFileSync(file, 'question,value,note\nT-1.Q1,no,\nT-1.Q2,yes,\nT-2.Q1,3,\n');
    const r = await ws.run(['assessment', 'import-answers', typed, file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const [line, ...rest] = r.stderr.trimEnd().split('\n');
    expect(line).toBe(
      `error: ${file}: row 3: T-1.Q2 is not asked: it is asked only when T-1.Q1 is Yes, and T-1.Q1 is No; nothing was imported (leave its value empty, or change the answer it follows up)`,
    );
    expect(rest.join('\n')).not.toMatch(/at .*\.js/);
    expect(await answersOf(typed)).toEqual({});
    const json = await ws.run(['assessment', 'import-answers', typed, file, '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'ANSWERS.NOT_ASKED' } });
    // With the condition met in the same file, the follow-up is imported.
    writeFileSync(file, 'question,value,note\nT-1.Q1,yes,\nT-1.Q2,yes,\n');
    const met = await ws.run(['assessment', 'import-answers', typed, file]);
    expect(met.stderr).toBe('✓ Imported 2 answers into ' + typed + '.\n');
    expect((await answersOf(typed))['T-1.Q2']).toEqual(['yes', null]);
  });

  it('answer refuses a value for a follow-up that is not asked, stores nothing, and says when a changed answer drops one', async () => {
    const catalog = join(dir, 'every-type.yaml');
    writeFileSync(catalog, EVERY_TYPE);
    await ok(['framework', 'import', catalog]);
    const typed = (await ok(['assessment', 'create', '--subject', 'One', '--framework', 'every-type'])).stdout.trim();
    const audited = async () =>
      (JSON.parse((await ws.run(['audit', 'list', '--json'])).stdout) as { action: string }[]).filter((e) =>
        e.action.startsWith('assessment.answer'),
      ).length;
    await ok(['assessment', 'answer', typed, 'T-1.Q1', 'no']);
    const before = await audited();
    expect(before).toBe(1);
    const r = await ws.run(['assessment', 'answer', typed, 'T-1.Q2', 'yes']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: T-1.Q2 is not asked: it is asked only when T-1.Q1 is Yes, and T-1.Q1 is No; nothing was stored (first give T-1.Q1 an answer that asks T-1.Q2)\n',
    );
    const json = await ws.run(['assessment', 'answer', typed, 'every-type:T-1.Q2', 'yes', '--json']);
    expect(json.code).toBe(3);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'ANSWERS.NOT_ASKED', kind: 'invalid-input' } });
    expect(await answersOf(typed)).toEqual({ 'T-1.Q1': ['no', null] });
    expect(await audited()).toBe(before);

    // Asked, it is stored; a change of the answer it follows up keeps it, says so, and leaves it unscored.
    await ok(['assessment', 'answer', typed, 'T-1.Q1', 'yes']);
    await ok(['assessment', 'answer', typed, 'T-1.Q2', 'yes']);
    const change = await ok(['assessment', 'answer', typed, 'T-1.Q1', 'no']);
    expect(change.stderr).toBe(
      `✓ every-type:T-1.Q1 = no.\nevery-type:T-1.Q2 is no longer asked after this answer: its stored answer is kept but not scored (clear it with \`renfe assessment answer ${typed} every-type:T-1.Q2 --clear\`).\n`,
    );
    const changed = await ok(['assessment', 'answer', typed, 'T-1.Q1', 'no', '--json']);
    expect(JSON.parse(changed.stdout)).toMatchObject({ question: 'T-1.Q1', value: 'no', noLongerAsked: [] });
    expect(await answersOf(typed)).toEqual({ 'T-1.Q1': ['no', null], 'T-1.Q2': ['yes', null] });
    // Counted, its yes would make T-1 half compliant.
    const score = JSON.parse((await ok(['assessment', 'score', typed, '--json'])).stdout);
    const t1 = (Array.isArray(score) ? score[0] : score).requirements.find((q: { id: string }) => q.id === 'T-1');
    expect(t1).toMatchObject({ result: 'non_compliant', score: 0 });
    // Clearing the dropped answer is allowed.
    await ok(['assessment', 'answer', typed, 'T-1.Q2', '--clear']);
    expect(await answersOf(typed)).toEqual({ 'T-1.Q1': ['no', null] });
  });

  it('says when a changed answer takes an answered follow-up out, and then skips it', async () => {
    const catalog = join(dir, 'every-type.yaml');
    writeFileSync(catalog, EVERY_TYPE);
    await ok(['framework', 'import', catalog]);
    const typed = (await ok(['assessment', 'create', '--subject', 'Back', '--framework', 'every-type'])).stdout.trim();
    const prompter = new ScriptedPrompter([
      'key:1', // T-1.Q1: yes
      'key:1', // T-1.Q2 (asked after yes): yes
      'action:back', // T-2.Q1: back to T-1.Q2
      'action:back', // and back to T-1.Q1
      'key:3', // T-1.Q1 changed to no: T-1.Q2 is no longer asked
      'action:quit', // T-2.Q1
    ]);
    const r = await ws.run(['assessment', 'run', typed], { prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked.map((m) => m.split(' ')[0])).toEqual([
      'T-1.Q1',
      'T-1.Q2',
      'T-2.Q1',
      'T-1.Q2',
      'T-1.Q1',
      'T-2.Q1',
    ]);
    expect(r.stdout).toContain(
      'No longer asked after this answer: every-type:T-1.Q2. Its stored answer is\nkept but not scored while the answer followed up does not call for it.',
    );
    expect(await answersOf(typed)).toEqual({ 'T-1.Q1': ['no', null], 'T-1.Q2': ['yes', null] });
  });

  it('saves each answer at once, keeps actions apart from answers, takes a note before the answer, and says what Ctrl-C kept', async () => {
    const prompter = new ScriptedPrompter([
      'key:1', // RC.RP-01.Q1: yes
      'action:guidance', // RC.RP-02.Q1: guidance, then the same question again
      'key:4', // RC.RP-02.Q1, maturity level 4
      'action:back', // RC.RP-03.Q1: back to RC.RP-02.Q1
      'action:back', // and back to RC.RP-01.Q1
      'key:2', // RC.RP-01.Q1 changed to partially
      'action:skip', // RC.RP-02.Q1 left as it was
      'key:3', // RC.RP-03.Q1: no
      'action:note', // RC.RP-04.Q1 has no answer yet: the note waits for it
      'only one site in scope', // the note
      'key:4', // RC.RP-04.Q1: not applicable, saved with the note
      // RC.RP-05.Q1 is asked; the script runs out: Ctrl-C
    ]);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Guidance:');
    expect(r.stdout).toContain('saved with the answer');
    expect(r.stdout).toMatch(/Stopped\. Everything answered so far is saved \(4 of \d+ asked\); resume with/);
    expect(prompter.asked.filter((m) => m.startsWith('RC.RP-02.Q1'))).toHaveLength(4);
    expect(await answers()).toEqual({
      'RC.RP-01.Q1': ['partial', null],
      'RC.RP-02.Q1': [4, null],
      'RC.RP-03.Q1': ['no', null],
      'RC.RP-04.Q1': ['na', 'only one site in scope'],
    });
  });

  it('keeps the in-scope count stable when a follow-up appears', async () => {
    const prompter = new ScriptedPrompter(['key:1', 'key:1', 'key:1', 'key:1', 'key:1', 'key:1']);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    const totals = new Set([...r.stdout.matchAll(/Question \d+ of (\d+) in scope/g)].map((m) => m[1]));
    expect(totals.size).toBe(1);
  });

  it('resumes at the next question without an answer, names the skipped ones, asks follow-ups only when they apply, and ends with a summary', async () => {
    const prompter = new ScriptedPrompter(['key:1', 'action:skip', 'key:1', 'action:quit']);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.code).toBe(0);
    const resumed = new ScriptedPrompter(['action:quit']);
    const again = await ws.run(['assessment', 'run', id], { prompter: resumed });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(resumed.asked[0]).toMatch(/^RC\.RP-04\.Q1/);
    expect(again.stdout.replace(/\n/g, ' ')).toContain(
      `1 question left without an answer earlier: RC.RP-02.Q1. Press u to go from one question without an answer to the next (it wraps round to the start), or begin there with \`renfe assessment run ${id} --from RC.RP-02.Q1\`.`,
    );
    // From the last question, "next unanswered" wraps round to RC.RP-02.Q1.
    const wrapping = new ScriptedPrompter(['action:next-unanswered', 'action:next-unanswered', 'key:1', 'action:quit']);
    await ws.run(['assessment', 'run', id, '--from', 'RC.CO-04.Q1'], { prompter: wrapping });
    expect(wrapping.asked.map((m) => m.split(' ')[0])).toEqual([
      'RC.CO-04.Q1',
      'RC.RP-02.Q1',
      'RC.RP-04.Q1',
      'RC.RP-05.Q1',
    ]);
    expect(again.stdout).toMatch(/Answered \d+ of \d+ asked \(\d+ questions in scope/);
    expect(again.stdout).toContain(`resume with \`renfe assessment run ${id}\``);
  });

  it('follows up only when the condition holds', async () => {
    await ok(['assessment', 'answer', id, 'RC.RP-01.Q1', 'yes']);
    await ok(['assessment', 'answer', id, 'RC.RP-02.Q1', '3']);
    const prompter = new ScriptedPrompter(['key:1', 'key:1', 'key:3', 'key:3', 'key:1', 'key:1', 'action:quit']);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.code).toBe(0);
    // RC.RP-06.Q2 follows up RC.RP-06.Q1 only when that is yes or partial: here it was no.
    expect(prompter.asked.map((m) => m.split(' ')[0])).toEqual([
      'RC.RP-03.Q1',
      'RC.RP-04.Q1',
      'RC.RP-05.Q1',
      'RC.RP-06.Q1',
      'RC.CO-03.Q1',
      'RC.CO-04.Q1',
    ]);
    expect(r.stdout).toMatch(/Answered 8 of 8 asked/);
  });

  it('a decides on the control: excluded, its questions are passed over and count as answered; included again, they are back', async () => {
    const soa = async () =>
      Object.fromEntries(
        (
          JSON.parse((await ok(['assessment', 'applicability', id, '--json'])).stdout) as {
            control: string;
            applicable: boolean;
            decided: boolean;
            reasons: string[];
            justification: string | null;
          }[]
        )
          .filter((r) => r.decided)
          .map((r) => [r.control, [r.applicable, r.reasons, r.justification]]),
      );
    const audited = async () =>
      (JSON.parse((await ws.run(['audit', 'list', '--json'])).stdout) as { action: string }[]).filter(
        (e) => e.action === 'assessment.applicability_set',
      ).length;
    const prompter = new ScriptedPrompter([
      'key:1', // RC.RP-01.Q1: yes
      'action:applicability', // RC.RP-02.Q1: does RC.RP-02 apply?
      'no',
      'Recovery of the plant is run by the landlord',
      'action:applicability', // RC.RP-03.Q1 (RC.RP-02 passed over): it applies, for two reasons
      'yes',
      'risk,legal', // ticked in a list of the reasons the command takes
      'Treatment plan R-12',
      'key:3', // RC.RP-03.Q1, still asked: no
      'action:applicability', // RC.RP-04.Q1, cancelled: nothing asked beyond the choice
      'cancel',
      'action:back', // RC.RP-04.Q1: back to RC.RP-03.Q1, over RC.RP-02
      'action:back', // and back to RC.RP-01.Q1
      'action:quit',
    ]);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(prompter.asked.map((m) => m.split(/[\s?]/)[0])).toEqual([
      'RC.RP-01.Q1',
      'RC.RP-02.Q1',
      'Does',
      'Why',
      'RC.RP-03.Q1',
      'Does',
      'Why',
      'Justification',
      'RC.RP-03.Q1',
      'RC.RP-04.Q1',
      'Does',
      'RC.RP-04.Q1',
      'RC.RP-03.Q1',
      'RC.RP-01.Q1',
    ]);
    expect(prompter.asked[2]).toBe(
      'Does RC.RP-02 Recovery actions are selected, scoped, prioritized, and performed apply?',
    );
    expect(prompter.asked[3]).toBe('Why it is excluded');
    expect(prompter.asked[6]).toBe('Why it is included (tick none, one or several)');
    const out = r.stdout.replace(/\n/g, ' ');
    expect(out).toContain(
      `RC.RP-02 is excluded: its question is not asked and counts as answered, not applicable, in scores and progress. To include it again, press a at \`renfe assessment run ${id} --from RC.RP-02.Q1\`.`,
    );
    expect(out).toContain('RC.RP-03 applies.');
    // The counter takes the excluded question as answered, as scoring does: 1 answered + 1 excluded of 8 asked.
    expect(r.stdout).toContain('Question 3 of 9 in scope · answered 2 of the 8 asked so far');
    expect(out).toContain('1 question of excluded controls counts as answered (not applicable).');
    expect(out).toMatch(/Answered 3 of 8 asked/);
    expect(await soa()).toEqual({
      'RC.RP-02': [false, [], 'Recovery of the plant is run by the landlord'],
      'RC.RP-03': [true, ['risk', 'legal'], 'Treatment plan R-12'],
    });
    expect(await audited()).toBe(2);
    const shown = JSON.parse((await ok(['assessment', 'show', id, '--json'])).stdout);
    expect(shown.progress).toEqual({ answered: 3, asked: 8 });
    const [score] = JSON.parse((await ok(['assessment', 'score', id, '--json'])).stdout) as {
      progress: number;
      requirements: { id: string; result: string }[];
    }[];
    expect(score?.progress).toBeCloseTo(3 / 8, 3);
    expect(score?.requirements.find((q) => q.id === 'RC.RP-02')?.result).toBe('not_applicable');

    // Resumed, the excluded control is passed over; named with --from, it is shown, and a includes it again.
    const resumed = new ScriptedPrompter([
      'action:next-unanswered',
      'action:next-unanswered',
      'action:next-unanswered',
      'action:next-unanswered',
      'action:next-unanswered',
      'action:quit',
    ]);
    await ws.run(['assessment', 'run', id], { prompter: resumed });
    expect(resumed.asked.map((m) => m.split(' ')[0])).toEqual([
      'RC.RP-04.Q1',
      'RC.RP-05.Q1',
      'RC.RP-06.Q1',
      'RC.CO-03.Q1',
      'RC.CO-04.Q1',
      'RC.RP-04.Q1',
    ]);
    const back = new ScriptedPrompter(['action:applicability', 'yes', '', '', 'key:4', 'action:quit']);
    const included = await ws.run(['assessment', 'run', id, '--from', 'RC.RP-02.Q1'], { prompter: back });
    expect(included.code).toBe(0);
    expect(back.asked.map((m) => m.split(/[\s?]/)[0])).toEqual([
      'RC.RP-02.Q1',
      'Does',
      'Why',
      'Justification',
      'RC.RP-02.Q1',
      'RC.RP-03.Q1',
    ]);
    const again = included.stdout.replace(/\n/g, ' ');
    expect(again).toContain(
      'RC.RP-02 is excluded from the Statement of Applicability: its questions are not asked. Press a to include it again.',
    );
    expect(again).toContain(
      'Statement of Applicability: RC.RP-02 is excluded — Recovery of the plant is run by the landlord',
    );
    expect(again).toContain('RC.RP-02 applies; it has no justification yet.');
    expect((await soa())['RC.RP-02']).toEqual([true, [], null]);
    expect((await answers())['RC.RP-02.Q1']).toEqual([4, null]);
    expect(await audited()).toBe(3);
  });

  it("a records the decision with the caller's rights: a viewer is refused and nothing is recorded", async () => {
    const token = (await ok(['token', 'create', '--name', 'look', '--role', 'viewer'])).stdout.trim();
    const prompter = new ScriptedPrompter(['action:applicability', 'no', 'Not ours']);
    const r = await ws.run(['assessment', 'run', id], { prompter, env: { RENFE_TOKEN: token } });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: .*/);
    const rows = JSON.parse((await ok(['assessment', 'applicability', id, '--json'])).stdout) as { decided: boolean }[];
    expect(rows.some((row) => row.decided)).toBe(false);
  });

  it('a decides on the control in Spanish too', async () => {
    const prompter = new ScriptedPrompter(['action:applicability', 'no', 'Sin instalaciones propias', 'action:quit']);
    const r = await ws.run(['assessment', 'run', id, '--lang', 'es'], { prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked[1]).toMatch(/^¿Aplica RC\.RP-01 .*\?$/);
    expect(prompter.asked[2]).toBe('Por qué se excluye');
    expect(r.stdout.replace(/\n/g, ' ')).toContain(
      'RC.RP-01 queda excluido: su pregunta no se formula y cuenta como respondida, no aplicable, en las puntuaciones y el progreso.',
    );
    expect(prompter.asked[3]).toMatch(/^RC\.RP-02\.Q1/);
    expect(r.stdout).toContain('Pregunta 2 de 9 en el alcance · 1 respondida de 8 formuladas hasta ahora');
  });

  it('speaks Spanish with --lang es, help line included', async () => {
    const prompter = new ScriptedPrompter(['action:guidance', 'action:quit']);
    const r = await ws.run(['assessment', 'run', id, '--lang', 'es'], { prompter });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Orientación:');
    expect(r.stdout).toMatch(/Pregunta 1 de \d+ en el alcance/);
    expect(r.stdout).toContain('Resumen');
  });

  it('needs a terminal', async () => {
    const r = await ws.run(['assessment', 'run', id]);
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toMatch(/assessment run needs a terminal/);
  });
});
