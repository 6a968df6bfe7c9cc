import { Chalk } from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import type { CommandContext } from '../../../../cli/context.js';
import type { KeyedAction, KeyedChoice, Prompter } from '../../../../cli/prompter.js';
import { AppError } from '../../../../kernel/app-error.js';
import type { App } from '../../../../composition.js';
import type { Principal } from '../../../../kernel/principal.js';
import type { LoadedAssessment, QuestionState } from '../../application/loaded-assessment.js';
import { ANSWER_WORDS, displayAnswer, maturityLabels } from '../../domain/answer-labels.js';
import type { AnswerValue } from '../../domain/answer.js';
import { questionRef } from '../../domain/question-ref.js';
import { isSealed } from '../../domain/status.js';
import { localize, type LocalizedText, type Question } from '../../domain/catalog.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';
import { counted, formatCount } from '../../../../kernel/locale-format.js';
import { INCLUSION_REASONS } from '../../domain/applicability.js';

type Action =
  'guidance' | 'note' | 'evidence' | 'back' | 'skip' | 'jump' | 'next-unanswered' | 'applicability' | 'quit';

/** The letter key of each action, the same in every language. */
const ACTION_KEYS: Readonly<Record<Action, string>> = {
  guidance: 'g',
  note: 'n',
  evidence: 'e',
  back: 'b',
  skip: 's',
  jump: 'j',
  'next-unanswered': 'u',
  applicability: 'a',
  quit: 'q',
};
const BY_KEY = new Map(Object.entries(ACTION_KEYS).map(([action, key]) => [key, action as Action]));

const en = (n: number) => formatCount(n, 'en');
const es = (n: number) => formatCount(n, 'es');

/** The questionnaire's own words, in the language of the run; counts as each language writes them. */
const UI = {
  en: {
    ...ANSWER_WORDS.en,
    actions: {
      guidance: 'guidance',
      note: 'note',
      evidence: 'evidence',
      back: 'back',
      skip: 'skip',
      jump: 'jump to a domain',
      'next-unanswered': 'next unanswered',
      applicability: 'applicability',
      quit: 'summary and quit',
    } satisfies Record<Action, string>,
    help: { move: 'move', choose: 'save the answer', keys: 'the key shown beside an answer picks it' },
    listHelp: '↑↓ move · ⏎ choose',
    tickHelp: '↑↓ move · space ticks · a all · i inverts · ⏎ goes on',
    guidanceIs: 'Guidance',
    evidenceIs: 'Evidence to ask for',
    noneGiven: 'none given',
    end: 'End of the questionnaire; going back to the first question without an answer.',
    current: 'current answer',
    noteIs: 'note',
    noteLater: 'The note is kept and saved with the answer to this question.',
    notePrompt: 'Note',
    jumpTo: 'Jump to',
    stay: 'Stay here',
    summary: 'Summary',
    position: (n: number, total: number, answered: number, asked: number) =>
      `Question ${en(n)} of ${en(total)} in scope · answered ${en(answered)} of the ${en(asked)} asked so far`,
    skipped: (count: number, list: string, more: number, first: string, id: string) =>
      `${counted(count, 'en', { one: 'question', other: 'questions' })} left without an answer earlier: ${list}${more ? ` and ${en(more)} more` : ''}. Press u to go from one question without an answer to the next (it wraps round to the start), or begin there with \`renfe assessment run ${id} --from ${first}\`.`,
    answered: (a: number, t: number, scope: number, id: string) =>
      `Answered ${en(a)} of ${en(t)} asked (${counted(scope, 'en', { one: 'question', other: 'questions' })} in scope; follow-ups are asked only when they apply). Everything is saved; resume with \`renfe assessment run ${id}\`.`,
    stopped: (a: number, t: number, id: string) =>
      `Stopped. Everything answered so far is saved (${en(a)} of ${en(t)} asked); resume with \`renfe assessment run ${id}\`.`,
    noteSaved: 'The note is saved with the answer.',
    dropped: (list: readonly string[]) =>
      `No longer asked after this answer: ${list.join(', ')}. ${list.length === 1 ? 'Its stored answer is' : 'Their stored answers are'} kept but not scored while the answer followed up does not call for ${list.length === 1 ? 'it' : 'them'}.`,
    notAsked: (id: string, parent: string) =>
      `${id} is not asked: it follows up ${parent}, whose answer does not call for it. Starting at the next question asked.`,
    typed: {
      multiple: (list: string) => `choices: ${list}; separate them with commas`,
      number: (unit: string, min: number | null, max: number | null) =>
        `a number${unit ? ` in ${unit}` : ''}${min !== null ? `, at least ${min}` : ''}${max !== null ? `, at most ${max}` : ''}`,
      text: 'free text',
      rest: 'na if not applicable; :g guidance, :n note, :e evidence, :b back, :s skip, :j jump, :u next unanswered, :a applicability, :q quit',
    },
    evidence: {
      title: 'Evidence',
      file: 'A file (copied into the assessment, with its SHA-256)',
      link: 'A link',
      cancel: 'Cancel',
      path: 'Path of the file',
      url: 'URL',
      attached: (name: string, hash: string) => `Attached ${name}${hash ? ` (sha256 ${hash}…)` : ''}.`,
    },
    soa: {
      question: (control: string, title: string) => `Does ${control} ${title} apply?`,
      yes: 'Yes: it applies (included in the Statement of Applicability)',
      no: 'No: it is excluded (scored as not applicable)',
      cancel: 'Cancel',
      reasons: 'Why it is included (tick none, one or several)',
      reasonNames: {
        risk: 'Risk treatment',
        legal: 'Legal or regulatory requirement',
        contract: 'Contractual obligation',
        business: 'Business need',
      } satisfies Record<(typeof INCLUSION_REASONS)[number], string>,
      whyIncluded: 'Justification',
      whyExcluded: 'Why it is excluded',
      decided: (control: string, applicable: boolean, why: string) =>
        `Statement of Applicability: ${control} ${applicable ? 'applies' : 'is excluded'}${why ? ` — ${why}` : ''}`,
      included: (control: string, justified: boolean) =>
        `${control} applies${justified ? '.' : '; it has no justification yet.'}`,
      excluded: (control: string, questions: number, justified: boolean, id: string, first: string) =>
        `${control} is excluded${justified ? '' : ' (with no justification yet)'}: ${questions === 1 ? 'its question is not asked and counts' : `its ${en(questions)} questions are not asked and count`} as answered, not applicable, in scores and progress. To include it again, press a at \`renfe assessment run ${id} --from ${first}\`.`,
      isExcluded: (control: string) =>
        `${control} is excluded from the Statement of Applicability: its questions are not asked. Press a to include it again.`,
      excludedCount: (n: number) =>
        `${counted(n, 'en', { one: 'question', other: 'questions' })} of excluded controls ${n === 1 ? 'counts' : 'count'} as answered (not applicable).`,
    },
  },
  es: {
    ...ANSWER_WORDS.es,
    actions: {
      guidance: 'orientación',
      note: 'nota',
      evidence: 'evidencia',
      back: 'atrás',
      skip: 'saltar',
      jump: 'ir a un dominio',
      'next-unanswered': 'siguiente sin responder',
      applicability: 'aplicabilidad',
      quit: 'resumen y salir',
    } satisfies Record<Action, string>,
    help: { move: 'mover', choose: 'guardar la respuesta', keys: 'la tecla junto a cada respuesta la elige' },
    listHelp: '↑↓ mover · ⏎ elegir',
    tickHelp: '↑↓ mover · espacio marca · a todos · i invierte · ⏎ continuar',
    guidanceIs: 'Orientación',
    evidenceIs: 'Evidencia a solicitar',
    noneGiven: 'ninguna',
    end: 'Fin del cuestionario; se vuelve a la primera pregunta sin respuesta.',
    current: 'respuesta actual',
    noteIs: 'nota',
    noteLater: 'La nota se conserva y se guarda con la respuesta a esta pregunta.',
    notePrompt: 'Nota',
    jumpTo: 'Ir a',
    stay: 'Quedarse aquí',
    summary: 'Resumen',
    position: (n: number, total: number, answered: number, asked: number) =>
      `Pregunta ${es(n)} de ${es(total)} en el alcance · ${counted(answered, 'es', { one: 'respondida', other: 'respondidas' })} de ${counted(asked, 'es', { one: 'formulada', other: 'formuladas' })} hasta ahora`,
    skipped: (count: number, list: string, more: number, first: string, id: string) =>
      `${counted(count, 'es', { one: 'pregunta', other: 'preguntas' })} sin respuesta de antes: ${list}${more ? ` y ${es(more)} más` : ''}. Pulse u para ir de una pregunta sin respuesta a la siguiente (vuelve al principio al llegar al final), o empiece por ahí con \`renfe assessment run ${id} --from ${first}\`.`,
    answered: (a: number, t: number, scope: number, id: string) =>
      `${counted(a, 'es', { one: 'respondida', other: 'respondidas' })} de ${counted(t, 'es', { one: 'formulada', other: 'formuladas' })} (${counted(scope, 'es', { one: 'pregunta', other: 'preguntas' })} en el alcance; las preguntas de seguimiento solo se formulan cuando proceden). Todo está guardado; para continuar: \`renfe assessment run ${id}\`.`,
    stopped: (a: number, t: number, id: string) =>
      `Detenido. Todo lo respondido está guardado (${counted(a, 'es', { one: 'respondida', other: 'respondidas' })} de ${counted(t, 'es', { one: 'formulada', other: 'formuladas' })}); para continuar: \`renfe assessment run ${id}\`.`,
    noteSaved: 'La nota se guarda con la respuesta.',
    dropped: (list: readonly string[]) =>
      list.length === 1
        ? `Ya no se formula tras esta respuesta: ${list[0]}. Su respuesta guardada se conserva, pero no puntúa mientras la respuesta de la que depende no la pida.`
        : `Ya no se formulan tras esta respuesta: ${list.join(', ')}. Sus respuestas guardadas se conservan, pero no puntúan mientras la respuesta de la que dependen no las pida.`,
    notAsked: (id: string, parent: string) =>
      `${id} no se formula: depende de ${parent}, cuya respuesta no la pide. Se empieza por la siguiente pregunta formulada.`,
    typed: {
      multiple: (list: string) => `opciones: ${list}; sepárelas con comas`,
      number: (unit: string, min: number | null, max: number | null) =>
        `un número${unit ? ` en ${unit}` : ''}${min !== null ? `, como mínimo ${min}` : ''}${max !== null ? `, como máximo ${max}` : ''}`,
      text: 'texto libre',
      rest: 'na si no aplica; :g orientación, :n nota, :e evidencia, :b atrás, :s saltar, :j ir a un dominio, :u siguiente sin responder, :a aplicabilidad, :q salir',
    },
    evidence: {
      title: 'Evidencia',
      file: 'Un fichero (se copia en la evaluación, con su SHA-256)',
      link: 'Un enlace',
      cancel: 'Cancelar',
      path: 'Ruta del fichero',
      url: 'URL',
      attached: (name: string, hash: string) => `Adjuntado ${name}${hash ? ` (sha256 ${hash}…)` : ''}.`,
    },
    soa: {
      question: (control: string, title: string) => `¿Aplica ${control} ${title}?`,
      yes: 'Sí: aplica (incluido en la Declaración de Aplicabilidad)',
      no: 'No: se excluye (puntúa como no aplicable)',
      cancel: 'Cancelar',
      reasons: 'Por qué se incluye (ninguno, uno o varios motivos)',
      reasonNames: {
        risk: 'Tratamiento de riesgos',
        legal: 'Requisito legal o normativo',
        contract: 'Obligación contractual',
        business: 'Necesidad del negocio',
      } satisfies Record<(typeof INCLUSION_REASONS)[number], string>,
      whyIncluded: 'Justificación',
      whyExcluded: 'Por qué se excluye',
      decided: (control: string, applicable: boolean, why: string) =>
        `Declaración de Aplicabilidad: ${control} ${applicable ? 'aplica' : 'está excluido'}${why ? ` — ${why}` : ''}`,
      included: (control: string, justified: boolean) =>
        `${control} aplica${justified ? '.' : '; aún no tiene justificación.'}`,
      excluded: (control: string, questions: number, justified: boolean, id: string, first: string) =>
        `${control} queda excluido${justified ? '' : ' (aún sin justificación)'}: ${questions === 1 ? 'su pregunta no se formula y cuenta como respondida, no aplicable,' : `sus ${es(questions)} preguntas no se formulan y cuentan como respondidas, no aplicables,`} en las puntuaciones y el progreso. Para volver a incluirlo, pulse a en \`renfe assessment run ${id} --from ${first}\`.`,
      isExcluded: (control: string) =>
        `${control} está excluido de la Declaración de Aplicabilidad: sus preguntas no se formulan. Pulse a para volver a incluirlo.`,
      excludedCount: (n: number) =>
        `${counted(n, 'es', { one: 'pregunta', other: 'preguntas' })} de controles excluidos ${n === 1 ? 'cuenta' : 'cuentan'} como respondidas (no aplicables).`,
    },
  },
};
type Words = (typeof UI)['en'];

/** The keys of a choice-like question's answers, as its help line shows them. */
export interface AnswerChoice extends KeyedChoice<string> {
  readonly key: string;
}

/**
 * The answers of a choice-like question, each on the key it shows, or null
 * for typed answers: maturity levels 0–5 on keys 0–5 (not applicable on x);
 * yes, partially, no, not applicable on 1–4; single choices on 1, 2, 3… in
 * catalog order, not applicable on the next number.
 */
export function answerChoices(
  q: Question,
  t: (x: LocalizedText | null) => string,
  w: { yes: string; partial: string; no: string; na: string },
): AnswerChoice[] | null {
  switch (q.type) {
    case 'yes_no':
      return [
        { name: w.yes, value: 'yes', key: '1' },
        { name: w.partial, value: 'partial', key: '2' },
        { name: w.no, value: 'no', key: '3' },
        { name: w.na, value: 'na', key: '4' },
      ];
    case 'maturity':
      return [
        ...maturityLabels(q).map((label, level) => ({
          name: t(label),
          value: String(level),
          key: String(level),
          chosen: `${level} · ${t(label)}`,
        })),
        { name: w.na, value: 'na', key: 'x' },
      ];
    case 'single_choice': {
      const choices = (q.choices ?? []).map((c, i) => ({ name: t(c.label), value: c.id, key: String(i + 1) }));
      return [...choices, { name: w.na, value: 'na', key: String(choices.length + 1) }];
    }
    default:
      return null;
  }
}

const visible = (text: string) => stripVTControlCharacters(text).length;

/** Breaks text at spaces so that no line is wider than `width` (a longer word keeps its own line). */
export function wrapWords(text: string, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        if (line && visible(line) + 1 + visible(word) > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** Counts as answered for progress: answered, or asked under a requirement the Statement of Applicability excludes. */
const done = (s: QuestionState) => s.asked && (s.answer !== undefined || s.excluded);
/** Put to the assessor: asked, and not excluded. */
const put = (s: QuestionState) => s.asked && !s.excluded;

const isPromptExit = (error: unknown) =>
  error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');

/**
 * The interactive questionnaire: one question at a time, each answer saved in
 * its own transaction the moment it is given, resume where the assessor left
 * off. It drives the same use cases as the non-interactive commands.
 */
export class Questionnaire {
  #loaded!: LoadedAssessment;
  #states: QuestionState[] = [];
  /** Whether the Statement of Applicability decides on a requirement (the `a` action is offered there). */
  #decides: (frameworkId: string, requirementId: string) => boolean = () => false;
  /** Notes written before the question had an answer, saved with the answer. */
  readonly #pendingNotes = new Map<number, string>();
  readonly #c: InstanceType<typeof Chalk>;
  readonly #lang: string;
  readonly #w: Words;
  readonly #width: number;

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
    const columns = (ctx.io.stdout as { columns?: unknown }).columns;
    this.#width = Math.max(40, typeof columns === 'number' && columns > 0 ? columns : 80) - 2;
  }

  #t(text: LocalizedText | null | undefined): string {
    return localize(text, this.#lang, this.#fallback());
  }

  #fallback(): string | undefined {
    return this.#loaded.frameworks[0]?.catalog.languages[0];
  }

  #print(text = ''): void {
    this.ctx.io.stdout.write(`${wrapWords(text, this.#width)}\n`);
  }

  #words(s: QuestionState, value: AnswerValue): string {
    return displayAnswer(s.question, value, this.#lang, this.#fallback() ?? 'en');
  }

  async #reload(): Promise<void> {
    const { questionStates } = await import('../../application/loaded-assessment.js');
    this.#states = questionStates(this.#loaded);
  }

  async run(from?: string): Promise<void> {
    this.#loaded = await this.app.assessment.open(this.principal, this.id);
    if (isSealed(this.#loaded.record.status)) {
      throw ASSESSMENT_ERRORS.finalized({ id: this.id }, { hint: 'an admin can reopen it' });
    }
    await this.#reload();
    const { decidesOn } = await import('../../application/applicability.command.js');
    this.#decides = decidesOn(this.#loaded);
    const { findQuestion } = await import('../../application/loaded-assessment.js');
    const { nextUnanswered, nextAsked } = await import('../../domain/questionnaire.js');
    this.#print(
      this.#c.bold(
        `${this.#loaded.record.subject} — ${this.#loaded.frameworks.map((f) => this.#t(f.catalog.name)).join(' + ')}`,
      ),
    );
    const indexOf = (ref: string) => this.#states.indexOf(findQuestion(this.#states, ref));
    const cursor = from ?? this.#loaded.record.cursor ?? undefined;
    let i = cursor ? indexOf(cursor) : -1;
    if (!from) i = nextUnanswered(this.#states, i);
    const named = i >= 0 ? this.#states[i] : undefined;
    if (from && named && !named.asked) {
      // A follow-up whose condition does not hold is not answered: start at the next question asked.
      this.#print(this.#c.yellow(this.#w.notAsked(named.question.id, named.question.when?.question ?? '')));
      i = nextAsked(this.#states, i, 1);
    }
    // A question of an excluded control named by --from is shown (not passed over), so that a can include it again.
    if (i < 0) i = nextAsked(this.#states, -1, 1);
    this.#resumeLine(i);
    try {
      while (i >= 0) {
        const action = await this.#ask(i);
        if (action === 'quit') break;
        if (action === 'back') {
          const prev = nextAsked(this.#states, i, -1);
          i = prev >= 0 ? prev : i;
        } else if (action === 'jump') {
          i = await this.#jump(i);
        } else if (action === 'next-unanswered') {
          const open = nextUnanswered(this.#states, i);
          i = open >= 0 ? open : i;
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
    } catch (error) {
      if (isPromptExit(error)) {
        const asked = this.#states.filter((s) => s.asked);
        this.#print();
        this.#print(this.#w.stopped(asked.filter(done).length, asked.length, this.id));
      }
      throw error;
    }
    this.#summary();
  }

  /** On resume: the asked questions before the starting point that have no answer, and how to reach them. */
  #resumeLine(start: number): void {
    if (start <= 0 || !this.#states.some((s) => s.answer)) return;
    const skipped = this.#states.slice(0, start).filter((s) => put(s) && !s.answer);
    if (skipped.length === 0) return;
    const shown = skipped.slice(0, 5).map((s) => s.question.id);
    this.#print(
      this.#c.yellow(
        this.#w.skipped(skipped.length, shown.join(', '), skipped.length - shown.length, shown[0] as string, this.id),
      ),
    );
  }

  /**
   * Shows question `i` once, then takes replies until one moves on: an
   * answer (saved at once) or an action that leaves the question. Guidance,
   * notes and evidence stay on the question; their prompts leave no line
   * that could pass for an answer.
   */
  async #ask(i: number): Promise<Action | 'answered'> {
    const first = this.#states[i] as QuestionState;
    const asked = this.#states.filter((x) => x.asked);
    const answered = asked.filter(done).length;
    this.#print();
    this.#print(this.#c.dim(this.#w.position(i + 1, this.#states.length, answered, asked.length)));
    this.#print(this.#c.dim(`${first.frameworkKey} · ${first.domain.id} ${this.#t(first.domain.title)}`));
    this.#print(this.#c.bold(`${first.requirement.id} ${this.#t(first.requirement.title)}`));
    if (first.excluded) this.#print(this.#c.yellow(this.#w.soa.isExcluded(first.requirement.id)));
    if (first.answer) this.#print(this.#c.dim(this.#currentLine(first)));
    else if (this.#pendingNotes.has(i)) this.#print(this.#c.dim(`${this.#w.noteIs}: ${this.#pendingNotes.get(i)}`));
    const message = wrapWords(`${first.question.id}  ${this.#t(first.question.text)}`, this.#width - 2);
    for (let tries = 0; ; tries++) {
      const s = this.#states[i] as QuestionState;
      const pending = this.#pendingNotes.get(i);
      const reply = await this.#prompt(s, message, tries === 0);
      if (reply.kind === 'choice') {
        if (await this.#save(s, reply.value, s.answer ? undefined : pending)) {
          this.#pendingNotes.delete(i);
          if (reply.echo) {
            const saved = this.#states[i] as QuestionState;
            const words = saved.answer ? this.#words(saved, saved.answer.value) : reply.value;
            this.#print(`${this.#c.green('✔')} ${this.#c.bold(message)} ${this.#c.cyan(words)}`);
          }
          return 'answered';
        }
        continue;
      }
      const action = reply.value;
      if (action === 'guidance') {
        this.#print(
          this.#c.cyan(
            `${this.#w.guidanceIs}: ${this.#t(s.question.guidance) || this.#t(s.requirement.description) || this.#w.noneGiven}`,
          ),
        );
        if (s.question.evidence) this.#print(this.#c.cyan(`${this.#w.evidenceIs}: ${this.#t(s.question.evidence)}`));
      } else if (action === 'note') {
        const before = s.answer?.note ?? pending ?? '';
        const note = await this.prompter.text(this.#w.notePrompt, before ? { default: before } : {});
        if (s.answer) {
          if (await this.#save(s, s.answer.value, note)) this.#print(this.#c.dim(this.#w.noteSaved));
        } else {
          if (note.trim()) this.#pendingNotes.set(i, note.trim());
          else this.#pendingNotes.delete(i);
          this.#print(this.#c.dim(this.#w.noteLater));
        }
      } else if (action === 'evidence') {
        await this.#evidence(s);
      } else if (action === 'applicability') {
        // Excluded, the control's questions are passed over: on to the next question asked.
        if (await this.#applicability(s)) return 'answered';
      } else return action;
    }
  }

  #currentLine(s: QuestionState): string {
    const answer = s.answer as NonNullable<QuestionState['answer']>;
    return `${this.#w.current}: ${this.#words(s, answer.value)}${answer.note ? ` — ${this.#w.noteIs}: ${answer.note}` : ''}`;
  }

  /**
   * One reply to question `s` (the hint of a typed answer only on the first
   * try at it). A typed answer's prompt is cleared when it is
   * done, so `echo` asks the caller to print the saved answer in words
   * (a keyed choice prints its own line, and an action none).
   */
  async #prompt(
    s: QuestionState,
    message: string,
    withHint: boolean,
  ): Promise<{ kind: 'choice'; value: string; echo: boolean } | { kind: 'action'; value: Action }> {
    const q = s.question;
    const current = s.answer?.value;
    const choices = answerChoices(q, (t) => this.#t(t), this.#w);
    if (choices) {
      const actions: KeyedAction<Action>[] = this.#actions(s).map((value) => ({
        key: ACTION_KEYS[value],
        value,
        label: this.#w.actions[value],
      }));
      const answer = await this.prompter.choose<string, Action>(message, choices, {
        actions,
        default: current === undefined ? undefined : String(current),
        help: this.#w.help,
        width: this.#width,
      });
      return answer.kind === 'choice' ? { ...answer, echo: false } : answer;
    }
    const typed = this.#w.typed;
    const hint =
      q.type === 'multiple_choice'
        ? typed.multiple((q.choices ?? []).map((c) => `${c.id} (${this.#t(c.label)})`).join(', '))
        : q.type === 'number'
          ? typed.number(this.#t(q.unit), q.min, q.max)
          : typed.text;
    if (withHint) this.#print(this.#c.dim(`${hint}; ${typed.rest}`));
    const raw = (
      await this.prompter.text(message, {
        transient: true,
        ...(current === undefined ? {} : { default: Array.isArray(current) ? current.join(',') : String(current) }),
      })
    ).trim();
    const short = /^:(\w)\w*$/.exec(raw);
    const action = short ? BY_KEY.get((short[1] as string).toLowerCase()) : undefined;
    if (action && this.#actions(s).includes(action)) return { kind: 'action', value: action };
    return { kind: 'choice', value: raw, echo: true };
  }

  /** The actions offered at a question: all of them, the applicability decision where the Statement of Applicability has one. */
  #actions(s: QuestionState): Action[] {
    return (Object.keys(ACTION_KEYS) as Action[]).filter(
      (a) => a !== 'applicability' || this.#decides(s.frameworkId, s.requirement.id),
    );
  }

  /**
   * Asks whether the control of question `s` applies, why it is included
   * (the reasons `assessment applicability --reason` takes) and the
   * justification, then records it through the same use case as that command.
   * True when the control is now excluded (its questions are passed over);
   * false when it applies, or nothing changed (cancelled, or refused with the
   * reason printed).
   */
  async #applicability(s: QuestionState): Promise<boolean> {
    const w = this.#w.soa;
    const control = s.requirement.id;
    const before = this.#loaded.applicability.find(
      (d) => d.frameworkId === s.frameworkId && d.requirementId === control,
    );
    if (before) {
      const why = [before.reasons.join(', '), before.justification ?? ''].filter(Boolean).join(': ');
      this.#print(this.#c.dim(w.decided(control, before.applicable, why)));
    }
    const choice = await this.prompter.select(
      w.question(control, this.#t(s.requirement.title)),
      [
        { name: w.yes, value: 'yes' },
        { name: w.no, value: 'no' },
        { name: w.cancel, value: 'cancel' },
      ],
      before ? (before.applicable ? 'yes' : 'no') : 'yes',
      { help: this.#w.listHelp },
    );
    if (choice === 'cancel') return false;
    const applicable = choice === 'yes';
    const kept = before?.applicable === applicable ? before : undefined;
    let reasons: string[] = [];
    if (applicable) {
      reasons = await this.prompter.checkbox(
        w.reasons,
        INCLUSION_REASONS.map((r) => ({
          name: w.reasonNames[r],
          value: r,
          checked: kept?.reasons.includes(r) ?? false,
        })),
        { help: this.#w.tickHelp },
      );
    }
    const justification = await this.prompter.text(
      applicable ? w.whyIncluded : w.whyExcluded,
      kept?.justification ? { default: kept.justification } : {},
    );
    let justified = false;
    const recorded = await this.#write(async () => {
      ({ justified } = await this.app.assessment.setApplicability(this.principal, {
        assessmentId: this.id,
        control: `${s.frameworkKey}:${control}`,
        applicable,
        justification,
        reasons,
      }));
    });
    if (!recorded) return false;
    if (applicable) {
      this.#print(this.#c.green(w.included(control, justified)));
      return false;
    }
    const own = this.#states.filter((x) => x.frameworkId === s.frameworkId && x.requirement.id === control && x.asked);
    this.#print(this.#c.yellow(w.excluded(control, own.length, justified, this.id, (own[0] ?? s).question.id)));
    return true;
  }

  /** Saves one answer; false (with the reason printed) when the value is refused. */
  async #save(s: QuestionState, value: unknown, note: string | undefined): Promise<boolean> {
    return this.#write(async () => {
      const saved = await this.app.assessment.answer(this.principal, {
        assessmentId: this.id,
        question: questionRef(s.frameworkKey, s.question.id),
        value,
        note,
      });
      if (saved.noLongerAsked.length > 0) this.#print(this.#c.yellow(this.#w.dropped(saved.noLongerAsked)));
    });
  }

  /** Runs a write: a refused value is printed and gives false; otherwise the assessment is read again. */
  async #write(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
    } catch (error) {
      if (error instanceof AppError && error.kind === 'invalid-input') {
        this.#print(this.#c.red(error.message));
        return false;
      }
      throw error;
    }
    this.#loaded = await this.app.assessment.open(this.principal, this.id);
    await this.#reload();
    return true;
  }

  async #evidence(s: QuestionState): Promise<void> {
    const w = this.#w.evidence;
    const kind = await this.prompter.select(
      w.title,
      [
        { name: w.file, value: 'file' },
        { name: w.link, value: 'link' },
        { name: w.cancel, value: 'cancel' },
      ],
      undefined,
      { help: this.#w.listHelp },
    );
    if (kind === 'cancel') return;
    const where = await this.prompter.text(kind === 'file' ? w.path : w.url);
    try {
      const { readEvidenceFile } = await import('./evidence-file.js');
      const added = await this.app.assessment.addEvidence(this.principal, {
        assessmentId: this.id,
        question: questionRef(s.frameworkKey, s.question.id),
        ...(kind === 'file' ? { file: await readEvidenceFile(where) } : { url: where }),
      });
      this.#print(this.#c.green(w.attached(added.name, added.sha256 ? added.sha256.slice(0, 12) : '')));
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
      if (put(s) && !domains.has(key))
        domains.set(key, { name: `${s.frameworkKey} · ${s.domain.id} ${this.#t(s.domain.title)}`, index });
    });
    const choice = await this.prompter.select(
      this.#w.jumpTo,
      [
        ...[...domains.values()].map((d) => ({ name: d.name, value: String(d.index) })),
        { name: this.#w.stay, value: String(current) },
      ],
      undefined,
      { help: this.#w.listHelp },
    );
    return Number(choice);
  }

  #summary(): void {
    const byDomain = new Map<string, { asked: number; answered: number }>();
    for (const s of this.#states.filter((x) => x.asked)) {
      const key = `${s.frameworkKey} ${s.domain.id} ${this.#t(s.domain.title)}`;
      const d = byDomain.get(key) ?? { asked: 0, answered: 0 };
      d.asked++;
      if (done(s)) d.answered++;
      byDomain.set(key, d);
    }
    this.#print();
    this.#print(this.#c.bold(this.#w.summary));
    for (const [name, d] of byDomain)
      this.#print(
        `  ${d.answered === d.asked ? this.#c.green('✓') : ' '} ${name}: ${formatCount(d.answered, this.#lang)}/${formatCount(d.asked, this.#lang)}`,
      );
    const total = [...byDomain.values()].reduce(
      (a, d) => ({ asked: a.asked + d.asked, answered: a.answered + d.answered }),
      { asked: 0, answered: 0 },
    );
    const excluded = this.#states.filter((x) => x.asked && x.excluded).length;
    if (excluded > 0) this.#print(this.#c.dim(this.#w.soa.excludedCount(excluded)));
    this.#print(this.#w.answered(total.answered, total.asked, this.#states.length, this.id));
  }
}
