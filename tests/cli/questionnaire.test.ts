import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { ScriptedPrompter } from '../support/scripted-prompter.js';

const PASSWORD = 'correct horse battery staple';

describe.each(DIALECTS)('the interactive questionnaire on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let id: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    const init = await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(init.stderr).toMatch(/^✓ Created/);
    const created = await ws.run([
      'assessment',
      'create',
      '--subject',
      'Plant',
      '--framework',
      'nist-csf-2.0',
      '--domain',
      'RC',
    ]);
    expect(created.code).toBe(0);
    id = created.stdout.trim();
  });
  afterEach(() => database.drop());

  const answers = async () => {
    const rows = JSON.parse((await ws.run(['assessment', 'show', id, '--questions', '--json'])).stdout).questions as {
      question: string;
      value: unknown;
      note: string | null;
    }[];
    return Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.question, [r.value, r.note]]));
  };

  it('saves each answer at once, shows guidance, goes back, takes notes, and survives Ctrl-C', async () => {
    const prompter = new ScriptedPrompter([
      'yes', // RC.RP-01.Q1
      ':guidance', // RC.RP-02.Q1: guidance, then the same question again
      '4', // RC.RP-02.Q1, a maturity level
      ':back', // RC.RP-03.Q1: back to RC.RP-02.Q1
      ':back', // and back to RC.RP-01.Q1
      'partial', // RC.RP-01.Q1 changed
      ':skip', // RC.RP-02.Q1 left as it was
      'no', // RC.RP-03.Q1
      ':note', // RC.RP-04.Q1 has no answer yet: refused, asked again
      'na', // RC.RP-04.Q1
      ':back', // RC.RP-05.Q1: back to RC.RP-04.Q1
      ':note', // a note on RC.RP-04.Q1
      'only one site in scope', // the note
      // RC.RP-04.Q1 is asked again; the script runs out: Ctrl-C
    ]);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Guidance:');
    expect(r.stdout).toContain('Answer the question first');
    expect(prompter.asked.filter((m) => m.startsWith('RC.RP-02.Q1'))).toHaveLength(4);
    expect(await answers()).toEqual({
      'RC.RP-01.Q1': ['partial', null],
      'RC.RP-02.Q1': [4, null],
      'RC.RP-03.Q1': ['no', null],
      'RC.RP-04.Q1': ['na', 'only one site in scope'],
    });
  });

  it('resumes at the next question without an answer, asks follow-ups only when they apply, and ends with a summary', async () => {
    await ws.run(['assessment', 'answer', id, 'RC.RP-01.Q1', 'yes']);
    await ws.run(['assessment', 'answer', id, 'RC.RP-02.Q1', '3']);
    const prompter = new ScriptedPrompter(['yes', 'yes', 'no', 'no', 'yes', 'yes', ':quit']);
    const r = await ws.run(['assessment', 'run', id], { prompter });
    expect(r.stderr).toBe('');
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
    expect(r.stdout).toMatch(/Answered 8 of 8\./);
    expect(r.stdout).toContain(`resume with \`renfe assessment run ${id}\``);
  });

  it('needs a terminal', async () => {
    const r = await ws.run(['assessment', 'run', id]);
    expect(r).toMatchObject({ code: 2 });
    expect(r.stderr).toMatch(/assessment run needs a terminal/);
  });
});
