import { Chalk } from 'chalk';
import type { CommandContext } from '../../../../cli/context.js';
import type { Prompter } from '../../../../cli/prompter.js';
import { AppError } from '../../../../kernel/app-error.js';
import type { App } from '../../../../composition.js';
import type { Principal } from '../../../../kernel/principal.js';
import type { LoadedAssessment, QuestionState } from '../../application/loaded-assessment.js';
import { DEFAULT_MATURITY_LABELS, localize, type LocalizedText, type Question } from '../../domain/catalog.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';

type Action = 'guidance' | 'note' | 'evidence' | 'back' | 'skip' | 'jump' | 'next-unanswered' | 'quit';

/** The questionnaire's own words, in the language of the questions. */
const UI = {
  en: {
    yes: 'Yes',
    partial: 'Partially',
    no: 'No',
    na: 'Not applicable',
    guidance: '? Guidance',
    note: '✎ Note',
    evidence: '📎 Evidence',
    back: '← Back',
    skip: '→ Skip',
    jump: '⇥ Jump to a domain',
    nextUnanswered: '⏭ Next unanswered',
    quit: '✓ Summary and quit',
    guidanceIs: 'Guidance',
    evidenceIs: 'Evidence to ask for',
    noneGiven: 'none given',
    end: 'End of the questionnaire; going back to the first question without an answer.',
    current: 'current answer',
    noteIs: 'note',
    answerFirst: 'Answer the question first; the note goes with the answer.',
    jumpTo: 'Jump to',
    stay: 'Stay here',
    summary: 'Summary',
    answered: (a: number, t: number, id: string) =>
      `Answered ${a} of ${t}. Everything is saved; resume with \`renfe assessment run ${id}\`.`,
  },
  es: {
    yes: 'Sí',
    partial: 'Parcialmente',
    no: 'No',
    na: 'No aplica',
    guidance: '? Orientación',
    note: '✎ Nota',
    evidence: '📎 Evidencia',
    back: '← Atrás',
    skip: '→ Saltar',
    jump: '⇥ Ir a un dominio',
    nextUnanswered: '⏭ Siguiente sin responder',
    quit: '✓ Resumen y salir',
    guidanceIs: 'Orientación',
    evidenceIs: 'Evidencia a solicitar',
    noneGiven: 'ninguna',
    end: 'Fin del cuestionario; se vuelve a la primera pregunta sin respuesta.',
    current: 'respuesta actual',
    noteIs: 'nota',
    answerFirst: 'Responda primero a la pregunta; la nota acompaña a la respuesta.',
    jumpTo: 'Ir a',
    stay: 'Quedarse aquí',
    summary: 'Resumen',
    answered: (a: number, t: number, id: string) =>
      `Respondidas ${a} de ${t}. Todo está guardado; para continuar: \`renfe assessment run ${id}\`.`,
  },
};
type Words = (typeof UI)['en'];

function actions(w: Words): { name: string; value: `:${Action}`; description?: string }[] {
  return [
    { name: w.guidance, value: ':guidance' },
    { name: w.note, value: ':note' },
    { name: w.evidence, value: ':evidence' },
    { name: w.back, value: ':back' },
    { name: w.skip, value: ':skip' },
    { name: w.jump, value: ':jump' },
    { name: w.nextUnanswered, value: ':next-unanswered' },
    { name: w.quit, value: ':quit' },
  ];
}

const TEXT_COMMANDS = ':g guidance, :n note, :e evidence, :b back, :s skip, :j jump, :u next unanswered, :q quit';
const SHORT: Record<string, Action> = {
  g: 'guidance',
  n: 'note',
  e: 'evidence',
  b: 'back',
  s: 'skip',
  j: 'jump',
  u: 'next-unanswered',
  q: 'quit',
};

/**
 * The interactive questionnaire: one question at a time, each answer saved in
 * its own transaction the moment it is given, resume where the assessor left
 * off. It drives the same use cases as the non-interactive commands.
 */
export class Questionnaire {
  #loaded!: LoadedAssessment;
  #states: QuestionState[] = [];
  readonly #c: InstanceType<typeof Chalk>;
  readonly #lang: string;
  readonly #w: Words;

  constructor(
    readonly ctx: CommandContext,
    readonly app: App,
    readonly principal: Principal,
    readonly prompter: Prompter,
    readonly id: string,
    lang: string | undefined,
  ) {
    this.#c = new Chalk({ level: ctx.color ? 1 : 0 });
    this.#lang = lang ?? 'en';
    this.#w = this.#lang === 'es' ? UI.es : UI.en;
  }

  #t(text: LocalizedText | null | undefined): string {
    return localize(text, this.#lang, this.#loaded.frameworks[0]?.catalog.languages[0]);
  }

  #print(text = ''): void {
    this.ctx.io.stdout.write(`${text}\n`);
  }

  async #reload(): Promise<void> {
    const { questionStates } = await import('../../application/loaded-assessment.js');
    this.#states = questionStates(this.#loaded);
  }

  async run(from?: string): Promise<void> {
    this.#loaded = await this.app.assessment.open(this.principal, this.id);
    if (this.#loaded.record.status === 'final') {
      throw ASSESSMENT_ERRORS.finalized({ id: this.id }, { hint: 'an admin can reopen it' });
    }
    await this.#reload();
    const { findQuestion } = await import('../../application/loaded-assessment.js');
    const { nextUnanswered, nextAsked } = await import('../../domain/questionnaire.js');
    const indexOf = (ref: string) => this.#states.indexOf(findQuestion(this.#states, ref));
    const cursor = from ?? this.#loaded.record.cursor ?? undefined;
    let i = cursor ? indexOf(cursor) : -1;
    if (!from) i = nextUnanswered(this.#states, i);
    if (i < 0) i = nextAsked(this.#states, -1, 1);
    this.#print(
      this.#c.bold(
        `${this.#loaded.record.subject} — ${this.#loaded.frameworks.map((f) => this.#t(f.catalog.name)).join(' + ')}`,
      ),
    );
    while (i >= 0) {
      const action = await this.#ask(i);
      if (action === 'quit') break;
      if (action === 'back') {
        const prev = nextAsked(this.#states, i, -1);
        i = prev >= 0 ? prev : i;
      } else if (action === 'jump') {
        i = await this.#jump(i);
      } else if (action === 'next-unanswered') {
        i = nextUnanswered(this.#states, i);
      } else {
        const next = nextAsked(this.#states, i, 1);
        if (next < 0) {
          const open = nextUnanswered(this.#states, i);
          if (open < 0) break;
          this.#print(this.#c.yellow(this.#w.end));
          i = open;
        } else i = next;
      }
    }
    this.#summary();
  }

  /** Shows question `i` and handles one reply: an answer (saved at once) or an action. */
  async #ask(i: number): Promise<Action | 'answered'> {
    const s = this.#states[i] as QuestionState;
    const asked = this.#states.filter((x) => x.asked);
    const answered = asked.filter((x) => x.answer).length;
    this.#print();
    this.#print(
      this.#c.dim(`[${answered}/${asked.length}] ${s.frameworkKey} · ${s.domain.id} ${this.#t(s.domain.title)}`),
    );
    this.#print(this.#c.bold(`${s.requirement.id} ${this.#t(s.requirement.title)}`));
    if (s.answer)
      this.#print(
        this.#c.dim(
          `${this.#w.current}: ${display(s.answer.value)}${s.answer.note ? ` — ${this.#w.noteIs}: ${s.answer.note}` : ''}`,
        ),
      );
    const message = `${s.question.id}  ${this.#t(s.question.text)}`;
    const reply = await this.#prompt(s.question, message, s.answer?.value);
    if (reply.startsWith(':')) {
      const action = reply.slice(1) as Action;
      if (action === 'guidance') {
        this.#print(
          this.#c.cyan(
            `${this.#w.guidanceIs}: ${this.#t(s.question.guidance) || this.#t(s.requirement.description) || this.#w.noneGiven}`,
          ),
        );
        if (s.question.evidence) this.#print(this.#c.cyan(`${this.#w.evidenceIs}: ${this.#t(s.question.evidence)}`));
        return this.#ask(i);
      }
      if (action === 'note') {
        if (!s.answer) {
          this.#print(this.#c.yellow(this.#w.answerFirst));
          return this.#ask(i);
        }
        const note = await this.prompter.text('Note', { default: s.answer.note ?? '' });
        await this.#save(s, s.answer.value, note);
        return this.#ask(i);
      }
      if (action === 'evidence') {
        await this.#evidence(s);
        return this.#ask(i);
      }
      return action;
    }
    await this.#save(s, reply, undefined);
    return 'answered';
  }

  async #prompt(q: Question, message: string, current: unknown): Promise<string> {
    const choices = answerChoices(q, (t) => this.#t(t), this.#w);
    if (choices) {
      return this.prompter.select(
        message,
        [...choices, ...actions(this.#w)],
        current === undefined ? undefined : String(current),
      );
    }
    const hint =
      q.type === 'multiple_choice'
        ? `choices: ${(q.choices ?? []).map((c) => `${c.id} (${this.#t(c.label)})`).join(', ')}; separate with commas`
        : q.type === 'number'
          ? `a number${q.unit ? ` in ${this.#t(q.unit)}` : ''}${q.min !== null ? `, at least ${q.min}` : ''}${q.max !== null ? `, at most ${q.max}` : ''}`
          : 'free text';
    this.#print(this.#c.dim(`${hint}; na if not applicable; ${TEXT_COMMANDS}`));
    const raw = (await this.prompter.text(message, current === undefined ? {} : { default: display(current) })).trim();
    const short = /^:(\w)\w*$/.exec(raw);
    if (short) {
      const action = SHORT[(short[1] as string).toLowerCase()];
      if (action) return `:${action}`;
    }
    return raw;
  }

  async #save(s: QuestionState, value: unknown, note: string | undefined): Promise<void> {
    try {
      await this.app.assessment.answer(this.principal, {
        assessmentId: this.id,
        question: `${s.frameworkKey}:${s.question.id}`,
        value,
        note,
      });
    } catch (error) {
      if (error instanceof AppError && error.kind === 'invalid-input') {
        this.#print(this.#c.red(error.message));
        return;
      }
      throw error;
    }
    this.#loaded = await this.app.assessment.open(this.principal, this.id);
    await this.#reload();
  }

  async #evidence(s: QuestionState): Promise<void> {
    const kind = await this.prompter.select('Evidence', [
      { name: 'A file (copied into the assessment, with its SHA-256)', value: 'file' },
      { name: 'A link', value: 'link' },
      { name: 'Cancel', value: 'cancel' },
    ]);
    if (kind === 'cancel') return;
    const where = await this.prompter.text(kind === 'file' ? 'Path of the file' : 'URL');
    try {
      const { readEvidenceFile } = await import('./evidence-file.js');
      const added = await this.app.assessment.addEvidence(this.principal, {
        assessmentId: this.id,
        question: `${s.frameworkKey}:${s.question.id}`,
        ...(kind === 'file' ? { file: await readEvidenceFile(where) } : { url: where }),
      });
      this.#print(
        this.#c.green(`Attached ${added.name}${added.sha256 ? ` (sha256 ${added.sha256.slice(0, 12)}…)` : ''}.`),
      );
    } catch (error) {
      if (error instanceof AppError && error.kind !== 'forbidden') {
        this.#print(this.#c.red(error.message));
        return;
      }
      throw error;
    }
  }

  async #jump(current: number): Promise<number> {
    const domains = new Map<string, { name: string; index: number }>();
    this.#states.forEach((s, index) => {
      const key = `${s.frameworkKey}:${s.domain.id}`;
      if (s.asked && !domains.has(key))
        domains.set(key, { name: `${s.frameworkKey} · ${s.domain.id} ${this.#t(s.domain.title)}`, index });
    });
    const choice = await this.prompter.select(this.#w.jumpTo, [
      ...[...domains.values()].map((d) => ({ name: d.name, value: String(d.index) })),
      { name: this.#w.stay, value: String(current) },
    ]);
    return Number(choice);
  }

  #summary(): void {
    const byDomain = new Map<string, { asked: number; answered: number }>();
    for (const s of this.#states.filter((x) => x.asked)) {
      const key = `${s.frameworkKey} ${s.domain.id} ${this.#t(s.domain.title)}`;
      const d = byDomain.get(key) ?? { asked: 0, answered: 0 };
      d.asked++;
      if (s.answer) d.answered++;
      byDomain.set(key, d);
    }
    this.#print();
    this.#print(this.#c.bold(this.#w.summary));
    for (const [name, d] of byDomain)
      this.#print(`  ${d.answered === d.asked ? this.#c.green('✓') : ' '} ${name}: ${d.answered}/${d.asked}`);
    const total = [...byDomain.values()].reduce(
      (a, d) => ({ asked: a.asked + d.asked, answered: a.answered + d.answered }),
      { asked: 0, answered: 0 },
    );
    this.#print(this.#w.answered(total.answered, total.asked, this.id));
  }
}

function display(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** The answers of a choice-like question as menu entries, or null for typed answers. */
function answerChoices(
  q: Question,
  t: (x: LocalizedText | null) => string,
  w: Words,
): { name: string; value: string }[] | null {
  switch (q.type) {
    case 'yes_no':
      return [
        { name: w.yes, value: 'yes' },
        { name: w.partial, value: 'partial' },
        { name: w.no, value: 'no' },
        { name: w.na, value: 'na' },
      ];
    case 'maturity':
      return [
        ...(q.levels ?? DEFAULT_MATURITY_LABELS).map((label, level) => ({
          name: `${level} · ${t(label)}`,
          value: String(level),
        })),
        { name: w.na, value: 'na' },
      ];
    case 'single_choice':
      return [...(q.choices ?? []).map((c) => ({ name: t(c.label), value: c.id })), { name: w.na, value: 'na' }];
    default:
      return null;
  }
}
