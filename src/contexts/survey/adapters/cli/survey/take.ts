import { defineVerb } from '../../../../../module.js';
import type { Prompter } from '../../../../../cli/prompter.js';
import { isShown, localize, optionOrder, type SurveyAnswer, type SurveyQuestion } from '../../../domain/survey.js';
import { SURVEY_ERRORS } from '../../../errors.js';

export interface TakeOptions {
  readonly token: string;
  readonly lang?: string;
}

const UI = {
  en: {
    saved: 'Every answer is saved as you give it; the same token resumes where you stopped.',
    back: 'back',
    skip: 'skip',
    quit: 'save and quit',
    other: 'Other (write it)',
    otherPrompt: 'Other:',
    many: 'Numbers of your choices, separated by commas (e.g. 1,3)',
    badMany: (max: number) => `Give numbers from 1 to ${max}, separated by commas`,
    optional: '(optional: Enter to skip)',
    submit: 'Submit your answers now?',
    thanks: 'Thank you: your answers are submitted.',
    later: 'Not submitted yet: your answers are saved; run the same command to finish.',
    stopped: 'Stopped: everything answered so far is saved; run `renfe survey take <token>` again to go on.',
    help: { move: 'move', choose: 'choose', keys: 'number keys pick the value they show' },
    required: 'This question needs an answer.',
    anonymous: 'This survey is anonymous: nothing links your answers to you.',
  },
  es: {
    saved: 'Cada respuesta se guarda al darla; el mismo token retoma donde lo dejó.',
    back: 'atrás',
    skip: 'saltar',
    quit: 'guardar y salir',
    other: 'Otro (escríbalo)',
    otherPrompt: 'Otro:',
    many: 'Números de sus respuestas, separados por comas (p. ej. 1,3)',
    badMany: (max: number) => `Indique números del 1 al ${max}, separados por comas`,
    optional: '(opcional: Intro para saltar)',
    submit: '¿Enviar ya sus respuestas?',
    thanks: 'Gracias: sus respuestas se han enviado.',
    later: 'Aún sin enviar: sus respuestas están guardadas; ejecute la misma orden para terminar.',
    stopped: 'Detenido: todo lo respondido está guardado; ejecute de nuevo `renfe survey take <token>` para seguir.',
    help: { move: 'mover', choose: 'elegir', keys: 'las teclas numéricas eligen el valor que muestran' },
    required: 'Esta pregunta necesita respuesta.',
    anonymous: 'Esta encuesta es anónima: nada vincula sus respuestas con usted.',
  },
};

type Move = { kind: 'answer'; value: SurveyAnswer } | { kind: 'back' } | { kind: 'skip' } | { kind: 'quit' };

async function ask(
  p: Prompter,
  q: SurveyQuestion,
  lang: 'en' | 'es',
  seed: number,
  current: SurveyAnswer | undefined,
): Promise<Move> {
  const ui = UI[lang];
  const text = `${localize(q.text, lang)}${q.required ? '' : ` ${ui.optional}`}`;
  const actions = [
    { key: 'b', value: 'back' as const, label: ui.back },
    ...(q.required ? [] : [{ key: 's', value: 'skip' as const, label: ui.skip }]),
    { key: 'q', value: 'quit' as const, label: ui.quit },
  ];
  const keyed = async (choices: { name: string; value: string; key: string }[]) => {
    const answer = await p.choose(text, choices, {
      actions,
      default: current === undefined ? undefined : String(current),
      help: ui.help,
    });
    return answer.kind === 'action'
      ? ({ kind: answer.value } as Move)
      : ({ kind: 'answer', value: answer.value } as Move);
  };
  switch (q.type) {
    case 'likert':
      return keyed(
        q.labels.map((l, i) => ({ name: localize(l, lang), value: String(i + 1), key: String(i + 1) })),
      ).then(numeric);
    case 'nps':
    case 'rating': {
      const low = q.type === 'nps' ? 0 : 1;
      return keyed(
        Array.from({ length: q.scale - low + 1 }, (_, i) => ({
          name: String(i + low),
          value: String(i + low),
          key: String(i + low),
        })),
      ).then(numeric);
    }
    case 'yes_no':
      return keyed([
        { name: lang === 'es' ? 'Sí' : 'Yes', value: 'yes', key: '1' },
        { name: 'No', value: 'no', key: '2' },
      ]);
    case 'single_choice': {
      const options = optionOrder(q, seed).map((o, i) => ({
        name: localize(o.label, lang),
        value: o.id,
        key: String(i + 1),
      }));
      if (q.other) options.push({ name: ui.other, value: 'other:', key: 'o' });
      const move = await keyed(options);
      if (move.kind === 'answer' && move.value === 'other:')
        return { kind: 'answer', value: `other:${(await p.text(ui.otherPrompt)).trim()}` };
      return move;
    }
    case 'multiple_choice': {
      const options = optionOrder(q, seed);
      const listing = options.map((o, i) => `  ${String(i + 1).padStart(2)}  ${localize(o.label, lang)}`).join('\n');
      const max = options.length + (q.other ? 1 : 0);
      const reply = await p.text(
        `${text}\n${listing}${q.other ? `\n  ${String(max).padStart(2)}  ${ui.other}` : ''}\n${ui.many}`,
        {
          validate: (v) =>
            (v.trim() === '' && !q.required) ||
            (/^\s*\d+(\s*,\s*\d+)*\s*$/.test(v) && v.split(',').every((n) => Number(n) >= 1 && Number(n) <= max))
              ? true
              : ui.badMany(max),
        },
      );
      if (reply.trim() === '') return { kind: 'skip' };
      const picked: string[] = [];
      for (const n of new Set(reply.split(',').map((x) => Number(x.trim())))) {
        if (q.other && n === max) picked.push(`other:${(await p.text(ui.otherPrompt)).trim()}`);
        else picked.push((options[n - 1] as { id: string }).id);
      }
      return { kind: 'answer', value: picked };
    }
    case 'text': {
      const reply = await p.text(text, {
        ...(typeof current === 'string' ? { default: current } : {}),
        validate: (v) => (v.trim() === '' && q.required ? ui.required : true),
      });
      return reply.trim() === '' ? { kind: 'skip' } : { kind: 'answer', value: reply.trim() };
    }
  }
}

function numeric(move: Move): Move {
  return move.kind === 'answer' ? { kind: 'answer', value: Number(move.value) } : move;
}

export default defineVerb<TakeOptions>({
  flags: (c) => c.option('--lang <lang>', 'language (en, es)'),
  description:
    'Keys: the number shown beside an answer picks it; b goes back, s skips an optional question, q saves and quits. Ctrl-C also keeps every answer given.',
  examples: ['renfe survey take rnf_svy_3kP…', 'renfe survey take "$TOKEN" --lang es'],
  async run(opts, ctx) {
    if (!ctx.interactive) throw SURVEY_ERRORS.needsTerminal({ token: '<token>' });
    const app = await ctx.app();
    const opened = await app.survey.open(opts.token, opts.lang);
    const lang = (opts.lang ?? opened.language) === 'es' ? 'es' : 'en';
    const ui = UI[lang];
    const prompter = await ctx.prompter();
    ctx.say(
      `${localize(opened.definition.title, lang)}\n${localize(opened.definition.description, lang)}\n${ui.saved}${opened.anonymous ? `\n${ui.anonymous}` : ''}`,
    );
    const answers = new Map(opened.answers);
    const questions = opened.definition.questions;
    const visited: number[] = [];
    let furthest = -1;
    let i = questions.findIndex((q) => isShown(q, answers) && !answers.has(q.id));
    if (i === -1) i = questions.length;
    try {
      while (i < questions.length) {
        const q = questions[i] as SurveyQuestion;
        if (!isShown(q, answers)) {
          i++;
          continue;
        }
        const shown = questions.filter((x) => isShown(x, answers));
        ctx.say(
          `\n[${shown.indexOf(q) + 1}/${shown.length}] ${localize(opened.definition.sections.find((s) => s.id === q.section)?.title, lang)}`,
        );
        const move = await ask(prompter, q, lang, opened.seed, answers.get(q.id));
        if (move.kind === 'quit') {
          ctx.say(ui.later);
          return;
        }
        if (move.kind === 'back') {
          i = visited.pop() ?? i;
          continue;
        }
        if (move.kind === 'answer') {
          await app.survey.answer(opts.token, q.id, move.value);
          answers.set(q.id, move.value);
        }
        visited.push(i);
        furthest = Math.max(furthest, i);
        // Forward: past questions answered in an earlier sitting, unless going over this sitting's again.
        i++;
        while (i < questions.length && i > furthest && answers.has((questions[i] as SurveyQuestion).id)) i++;
      }
      if (!(await prompter.confirm(ui.submit, true))) {
        ctx.say(ui.later);
        return;
      }
      const result = await app.survey.submit(opts.token);
      ctx.data(result, () => '');
      ctx.done(ui.thanks);
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'))
        ctx.say(`\n${ui.stopped}`);
      throw error;
    }
  },
});
