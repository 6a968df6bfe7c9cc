import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { initWorkspace, type Person, Sandbox } from './helpers.js';
import { RENFE_BIN } from './spawn.js';

/**
 * `assessment run` at a real terminal: the CLI runs under script(1), which
 * gives it a pseudo-terminal of a set size, and the test types on it as a
 * person would, key by key, waiting for the screen to answer each one.
 */
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

class Terminal {
  readonly #child: ChildProcessWithoutNullStreams;
  #raw = '';
  /** Where the output read so far ends: `waitFor` looks only past it. */
  #mark = 0;
  readonly exited: Promise<number | null>;

  constructor(person: Person, args: readonly string[], size: { cols: number; rows: number }) {
    const command = `stty cols ${size.cols} rows ${size.rows}; exec ${[process.execPath, RENFE_BIN, ...args].map(quote).join(' ')}`;
    this.#child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      cwd: person.home,
      env: person.env({ TERM: 'xterm-256color' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.#raw += chunk));
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.#raw += chunk));
    this.#child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => this.#child.on('close', (code) => resolve(code)));
  }

  /** Everything the program wrote, without colours and cursor moves, lines ending in \n. */
  get text(): string {
    return stripVTControlCharacters(this.#raw).replace(/\r\n?/g, '\n');
  }

  /** Waits until the output after the last mark matches, then moves the mark past the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const text = this.text;
      const rest = text.slice(this.#mark);
      const match = pattern.exec(rest);
      if (match) {
        this.#mark += match.index + match[0].length;
        return match[0];
      }
      if (Date.now() - started > timeoutMs || this.#child.exitCode !== null)
        throw new Error(`no ${String(pattern)} on the terminal; it shows:\n${rest.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits until the highlighted answer (the last ❯ line drawn) matches. */
  async waitForHighlight(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const highlighted = this.text.match(/^❯.*$/gm)?.at(-1) ?? '';
      if (pattern.test(highlighted)) return;
      if (Date.now() - started > timeoutMs || this.#child.exitCode !== null)
        throw new Error(`the highlighted answer is "${highlighted}", not ${String(pattern)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  press(keys: string): void {
    this.#child.stdin.write(keys);
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

const ENTER = '\r';
const CTRL_C = '\u0003';

async function workspace(): Promise<{ person: Person; id: string }> {
  const sandbox = Sandbox.create();
  const person = sandbox.person('ana');
  await initWorkspace(person, 'Acme', 'ana@acme.test');
  const catalog = join(person.home, 'every-type.yaml');
  copyFileSync(new URL('../support/fixtures/every-question-type.yaml', import.meta.url), catalog);
  await person.ok(['framework', 'import', catalog]);
  const id = (
    await person.ok(['assessment', 'create', '--subject', 'Keys', '--framework', 'every-type'])
  ).stdout.trim();
  return { person, id };
}

async function stored(person: Person, id: string): Promise<Record<string, unknown>> {
  const shown = await person.json<{ questions: { question: string; value: unknown }[] }>([
    'assessment',
    'show',
    id,
    '--questions',
  ]);
  return Object.fromEntries(shown.questions.filter((q) => q.value !== null).map((q) => [q.question, q.value]));
}

/** The prompt of a question, ready for keys: its list and help line are on screen. */
const promptOf = (question: string) =>
  new RegExp(`\\? ${question.replace(/\./g, '\\.')} [\\s\\S]*?q (summary and quit|resumen y salir)`);
/** The prompt of a typed question: the text prompt after its hint line. */
const typedPromptOf = (question: string) => new RegExp(`\\? ${question.replace(/\./g, '\\.')} [^\\n]*`);

describe('the questionnaire at a terminal', () => {
  it('stores the value each key shows, for every question type, and leaves no answer-like line for an action', async () => {
    const { person, id } = await workspace();
    const term = new Terminal(person, ['assessment', 'run', id], { cols: 80, rows: 40 });
    try {
      // Each key highlights the answer it shows; Enter saves it.
      const answer = async (question: string, key: string, label: string) => {
        await term.waitFor(promptOf(question));
        term.press(key);
        await term.waitForHighlight(new RegExp(`^❯ +${key} +${label}$`));
        term.press(ENTER);
        await term.waitFor(new RegExp(`✔ ${question.replace(/\./g, '\\.')} [\\s\\S]*? ${label}\\n`));
      };
      await answer('T-1.Q1', '1', 'Yes');
      await answer('T-1.Q2', '2', 'Partially');
      // An action before answering: guidance, then a note that waits for the answer.
      await term.waitFor(promptOf('T-2.Q1'));
      term.press('g');
      await term.waitFor(/Guidance: none given/);
      await term.waitFor(promptOf('T-2.Q1'));
      term.press('n');
      await term.waitFor(/\? Note/);
      term.press(`two sites${ENTER}`);
      await term.waitFor(/saved with the answer to this question/);
      term.press('3');
      await term.waitForHighlight(/^❯ +3 +Defined$/);
      term.press(ENTER);
      await term.waitFor(/✔ T-2\.Q1 [\s\S]*? 3 · Defined\n/);
      await answer('T-3.Q1', '2', 'On site');
      await term.waitFor(typedPromptOf('T-4.Q1'));
      term.press(`auth,admin${ENTER}`);
      await term.waitFor(typedPromptOf('T-4.Q2'));
      term.press(`4${ENTER}`);
      await term.waitFor(typedPromptOf('T-4.Q3'));
      term.press(`the board${ENTER}`);
      await term.waitFor(/Everything is saved; resume with/);
      expect(await term.exited).toBe(0);
      expect(await stored(person, id)).toEqual({
        'T-1.Q1': 'yes',
        'T-1.Q2': 'partial',
        'T-2.Q1': 3,
        'T-3.Q1': 'onsite',
        'T-4.Q1': ['auth', 'admin'],
        'T-4.Q2': 4,
        'T-4.Q3': 'the board',
      });
      const shown = (
        await person.json<{ questions: { question: string; note: string | null }[] }>([
          'assessment',
          'show',
          id,
          '--questions',
        ])
      ).questions.find((q) => q.question === 'T-2.Q1');
      expect(shown?.note).toBe('two sites');
      // Guidance and note left no line that reads as a saved answer.
      expect(term.text.match(/✔ T-2\.Q1/g)).toHaveLength(1);
      expect(term.text).not.toMatch(/✔ [^\n]*(guidance|note)\s*$/im);
      // The long question wraps at spaces within 80 columns.
      const echo = /✔ (T-2\.Q1 [\s\S]*?) 3 · Defined\n/.exec(term.text)?.[1] ?? '';
      const lines = echo.split('\n');
      expect(lines.length).toBeGreaterThan(1);
      expect(Math.max(...lines.map((l) => l.length + 2))).toBeLessThanOrEqual(80);
      expect(lines.join(' ')).toContain(
        'How mature is the patching of servers, laptops, network devices and cloud services, including the testing of patches before they are deployed and the tracking of every exception until it is closed?',
      );
    } finally {
      term.kill();
    }

    // Every other key of every choice type, going back with b after each answer.
    const again = new Terminal(person, ['assessment', 'run', id, '--from', 'T-1.Q1'], { cols: 120, rows: 40 });
    try {
      const keys: [string, string, string, string, unknown][] = [
        // question, key, label, the question asked next, stored value
        ['T-1.Q1', '3', 'No', 'T-2.Q1', 'no'],
        ['T-1.Q1', '4', 'Not applicable', 'T-2.Q1', 'na'],
        ['T-1.Q1', '2', 'Partially', 'T-2.Q1', 'partial'],
        ['T-1.Q1', '1', 'Yes', 'T-1.Q2', 'yes'],
        ['T-1.Q2', '1', 'Yes', 'T-2.Q1', 'yes'],
        ['T-1.Q2', '3', 'No', 'T-2.Q1', 'no'],
        ['T-1.Q2', '4', 'Not applicable', 'T-2.Q1', 'na'],
        ['T-2.Q1', '0', 'Non-existent', 'T-3.Q1', 0],
        ['T-2.Q1', '1', 'Initial', 'T-3.Q1', 1],
        ['T-2.Q1', '2', 'Repeatable', 'T-3.Q1', 2],
        ['T-2.Q1', '4', 'Managed and measured', 'T-3.Q1', 4],
        ['T-2.Q1', '5', 'Optimised', 'T-3.Q1', 5],
        ['T-2.Q1', 'x', 'Not applicable', 'T-3.Q1', 'na'],
        ['T-2.Q1', '3', 'Defined', 'T-3.Q1', 3],
        ['T-3.Q1', '1', 'Off site', 'T-4.Q1', 'offsite'],
        ['T-3.Q1', '3', 'Nowhere', 'T-4.Q1', 'none'],
        ['T-3.Q1', '4', 'Not applicable', 'T-4.Q1', 'na'],
      ];
      await again.waitFor(promptOf('T-1.Q1'));
      let at = 'T-1.Q1';
      for (const [question, key, label, next, value] of keys) {
        // Back from the question after it (at a typed question, back is :b).
        if (at !== question) {
          again.press(at.startsWith('T-4') ? `:b${ENTER}` : 'b');
          await again.waitFor(promptOf(question));
        }
        again.press(key);
        await again.waitForHighlight(new RegExp(`^❯ +${key} +${label}$`));
        again.press(ENTER);
        await again.waitFor(next.startsWith('T-4') ? typedPromptOf(next) : promptOf(next));
        expect((await stored(person, id))[question], `${key} on ${question}`).toEqual(value);
        at = next;
      }
      // Ctrl-C at a prompt: what was saved, and how to go on.
      again.press(CTRL_C);
      await again.waitFor(
        /Stopped\. Everything answered so far is saved \(7 of 7 asked\); resume with\s+`renfe\s+assessment\s+run\s+\S+`/,
      );
      expect(await again.exited).toBe(130);
    } finally {
      again.kill();
    }
  }, 120_000);

  it('a decides whether the control applies: excluded, its questions are passed over', async () => {
    const { person, id } = await workspace();
    const term = new Terminal(person, ['assessment', 'run', id], { cols: 120, rows: 40 });
    try {
      await term.waitFor(promptOf('T-1.Q1'));
      expect(term.text).toMatch(/u next unanswered +a applicability\s+q summary and quit/);
      term.press('a');
      await term.waitFor(/\? Does T-1 Yes or no apply\?/);
      term.press('\u001b[B'); // down to "No: it is excluded"
      await term.waitFor(/❯ No: it is excluded/);
      term.press(ENTER);
      await term.waitFor(/\? Why it is excluded/);
      term.press(`No policies in scope${ENTER}`);
      await term.waitFor(/T-1 is excluded: its question is not asked/);
      // T-1.Q2 follows up T-1.Q1, and T-1 is excluded anyway: on to T-2.Q1, counted as 1 answered of 6.
      await term.waitFor(promptOf('T-2.Q1'));
      expect(term.text).toMatch(/Question 3 of 7 in scope · answered 1 of the 6 asked so far/);
      term.press('q');
      await term.waitFor(
        /1 question of excluded controls counts as answered \(not applicable\)\.\nAnswered 1 of 6 asked/,
      );
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const soa = await person.json<{ control: string; applicable: boolean; justification: string | null }[]>([
      'assessment',
      'applicability',
      id,
    ]);
    expect(soa.find((r) => r.control === 'T-1')).toMatchObject({
      applicable: false,
      justification: 'No policies in scope',
    });
  }, 120_000);

  it('speaks Spanish with --lang es, keys and help line included, and names skipped questions on resume', async () => {
    const { person, id } = await workspace();
    const term = new Terminal(person, ['assessment', 'run', id, '--lang', 'es'], { cols: 100, rows: 40 });
    try {
      await term.waitFor(promptOf('T-1.Q1'));
      expect(term.text).toMatch(/↑↓ mover · ⏎ guardar la respuesta · la tecla junto a cada respuesta la elige/);
      expect(term.text).toMatch(/g orientación +n nota +e evidencia +b atrás +s saltar/);
      expect(term.text).toMatch(/Pregunta 1 de 7 en el alcance · 0 respondidas de 6 formuladas hasta ahora/);
      term.press('s');
      await term.waitFor(promptOf('T-2.Q1'));
      term.press('3');
      await term.waitForHighlight(/^❯ +3 +Definido$/);
      term.press(ENTER);
      await term.waitFor(promptOf('T-3.Q1'));
      expect(term.text).toMatch(/1 respondida de 6 formuladas/);
      term.press('q');
      await term.waitFor(/Todo está guardado/);
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    expect((await stored(person, id))['T-2.Q1']).toBe(3);

    const resumed = new Terminal(person, ['assessment', 'run', id], { cols: 80, rows: 40 });
    try {
      await resumed.waitFor(promptOf('T-3.Q1'));
      expect(resumed.text.replace(/\s+/g, ' ')).toContain(
        `1 question left without an answer earlier: T-1.Q1. Press u to go from one question without an answer to the next (it wraps round to the start), or begin there with \`renfe assessment run ${id} --from T-1.Q1\`.`,
      );
      // u goes from one question without an answer to the next, and wraps round to T-1.Q1.
      resumed.press('u');
      for (const question of ['T-4.Q1', 'T-4.Q2', 'T-4.Q3']) {
        await resumed.waitFor(typedPromptOf(question));
        resumed.press(`:u${ENTER}`);
      }
      await resumed.waitFor(promptOf('T-1.Q1'));
      resumed.press(CTRL_C);
      await resumed.waitFor(/Stopped\./);
      expect(await resumed.exited).toBe(130);
    } finally {
      resumed.kill();
    }
  }, 120_000);
});
