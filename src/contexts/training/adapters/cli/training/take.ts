import { defineVerb } from '../../../../../module.js';
import { localize, type QuizQuestion } from '../../../domain/course.js';
import type { QuizResultDto } from '../../../application/take.commands.js';
import { TRAINING_ERRORS } from '../../../errors.js';

export interface TakeOptions {
  readonly course: string;
  readonly lang?: string;
  readonly answers?: string;
}

const UI = {
  en: {
    intro: (minutes: number) =>
      `About ${minutes} minutes. Every module you finish and every answer is saved as you go.`,
    page: (module: number, modules: number, page: number, pages: number) =>
      `Module ${module}/${modules}, page ${page}/${pages}`,
    next: 'Next page',
    nextModule: 'Next module',
    toQuiz: 'Go to the quiz',
    back: 'back',
    quit: 'save and quit',
    quiz: (n: number, passMark: number, left: string) => `Quiz: ${n} questions, pass mark ${passMark}%${left}.`,
    left: (n: number) => `; ${n} attempts left`,
    question: (i: number, n: number) => `Question ${i}/${n}`,
    many: 'Numbers of your choices, separated by commas (e.g. 1,3)',
    badMany: (max: number) => `Give numbers from 1 to ${max}, separated by commas`,
    passed: (score: number, mark: number) => `Passed: ${score}% (pass mark ${mark}%).`,
    failed: (score: number, mark: number) => `Not passed: ${score}% (pass mark ${mark}%).`,
    right: 'right',
    wrong: 'wrong',
    answer: 'the answer',
    later: 'Saved: run the same command to go on where you stopped.',
    stopped: 'Stopped: everything so far is saved; run `renfe training take <course>` again to go on.',
    help: { move: 'move', choose: 'choose', keys: 'number keys pick the answer they show' },
    paging: { move: 'move', choose: 'turn the page', keys: 'n next' },
    certificate: (id: string) => `Your certificate: renfe training certificate ${id} --out certificate.pdf`,
  },
  es: {
    intro: (minutes: number) =>
      `Unos ${minutes} minutos. Cada módulo terminado y cada respuesta se guardan al momento.`,
    page: (module: number, modules: number, page: number, pages: number) =>
      `Módulo ${module}/${modules}, página ${page}/${pages}`,
    next: 'Página siguiente',
    nextModule: 'Módulo siguiente',
    toQuiz: 'Ir al cuestionario',
    back: 'atrás',
    quit: 'guardar y salir',
    quiz: (n: number, passMark: number, left: string) =>
      `Cuestionario: ${n} preguntas, aprobado con ${passMark}%${left}.`,
    left: (n: number) => `; le quedan ${n} intentos`,
    question: (i: number, n: number) => `Pregunta ${i}/${n}`,
    many: 'Números de sus respuestas, separados por comas (p. ej. 1,3)',
    badMany: (max: number) => `Indique números del 1 al ${max}, separados por comas`,
    passed: (score: number, mark: number) => `Aprobado: ${score}% (se aprueba con ${mark}%).`,
    failed: (score: number, mark: number) => `No aprobado: ${score}% (se aprueba con ${mark}%).`,
    right: 'correcta',
    wrong: 'incorrecta',
    answer: 'la respuesta',
    later: 'Guardado: ejecute la misma orden para seguir donde lo dejó.',
    stopped: 'Detenido: todo lo hecho está guardado; ejecute de nuevo `renfe training take <curso>` para seguir.',
    help: { move: 'mover', choose: 'elegir', keys: 'las teclas numéricas eligen la respuesta que muestran' },
    paging: { move: 'mover', choose: 'pasar página', keys: 'n siguiente' },
    certificate: (id: string) => `Su certificado: renfe training certificate ${id} --out certificado.pdf`,
  },
};

function resultText(r: QuizResultDto, ui: (typeof UI)['en']): string {
  const lines = [r.passed ? ui.passed(r.score, r.passMark) : ui.failed(r.score, r.passMark), ''];
  r.questions.forEach((q, i) => {
    lines.push(`${i + 1}. ${q.correct ? '✓' : '✗'} ${q.text}`);
    if (!q.correct) lines.push(`   ${ui.answer}: ${q.rightAnswer.join(', ')}`);
    lines.push(`   ${q.explanation}`);
  });
  return lines.join('\n');
}

export default defineVerb<TakeOptions>({
  flags: (c) =>
    c
      .option('--lang <lang>', 'language (en, es)')
      .option(
        '--answers <file>',
        'answer the quiz from a JSON file of question id → option id(s) or true/false (for scripts)',
      ),
  description:
    'Keys: n (or Enter) turns the page, b goes back, q saves and quits; in the quiz the number beside an answer picks it. Ctrl-C also keeps what was done.',
  examples: [
    'renfe training take phishing',
    'renfe training take gdpr-personal-data --lang es',
    'renfe training take phishing --answers answers.json --json',
  ],
  async run(opts, ctx) {
    if (opts.answers !== undefined) {
      const { app, principal } = await ctx.principal();
      const result = await app.training.takeWithAnswers(principal, opts.course, opts.answers, opts.lang);
      const ui = UI[opts.lang === 'es' ? 'es' : 'en'];
      ctx.data(result, () => resultText(result, ui));
      return;
    }
    if (!ctx.interactive) throw TRAINING_ERRORS.needsTerminal({ course: opts.course });
    const { app, principal } = await ctx.principal();
    const opened = await app.training.open(principal, opts.course, opts.lang);
    const lang = opened.language === 'es' ? 'es' : 'en';
    const ui = UI[lang];
    const d = opened.definition;
    const prompter = await ctx.prompter();
    const out = ctx.io.stdout as { columns?: number; rows?: number };
    const width = Math.min(Math.max((out.columns ?? 80) - 2, 40), 100);
    const height = Math.max((out.rows ?? 24) - 6, 10);
    const { renderMarkdown, paginate } = await import('../../markdown/terminal-markdown.js');
    ctx.say(`${localize(d.title, lang)}\n${localize(d.description, lang)}\n${ui.intro(d.minutes)}`);
    const done = new Set(opened.completedModules);
    try {
      let m = d.modules.findIndex((x) => !done.has(x.id));
      if (opened.openAttempt) m = -1;
      while (m !== -1 && m < d.modules.length) {
        const module = d.modules[m] as (typeof d.modules)[number];
        const text = await renderMarkdown(localize(module.body, lang), { width, color: ctx.color });
        const pages = paginate(text, height);
        let p = 0;
        let moved: 'next' | 'back' = 'next';
        for (;;) {
          ctx.say(`\n${pages[p]}\n`);
          const last = p === pages.length - 1;
          const answer = await prompter.choose(
            ui.page(m + 1, d.modules.length, p + 1, pages.length),
            [
              {
                name: last ? (m === d.modules.length - 1 ? ui.toQuiz : ui.nextModule) : ui.next,
                value: 'next',
                key: 'n',
              },
            ],
            {
              actions: [
                { key: 'b', value: 'back' as const, label: ui.back },
                { key: 'q', value: 'quit' as const, label: ui.quit },
              ],
              help: ui.paging,
            },
          );
          if (answer.kind === 'action' && answer.value === 'quit') {
            ctx.say(ui.later);
            return;
          }
          if (answer.kind === 'action') {
            if (p > 0) p--;
            else if (m > 0) {
              moved = 'back';
              break;
            }
            continue;
          }
          if (!last) {
            p++;
            continue;
          }
          await app.training.completeModule(principal, opened.courseId, module.id);
          break;
        }
        m += moved === 'back' ? -1 : 1;
      }

      const quiz = await app.training.startQuiz(principal, opts.course, lang);
      const pool = new Map(d.quiz.questions.map((q) => [q.id, q]));
      const questions = quiz.questions.map((id) => pool.get(id) as QuizQuestion);
      const left = opened.attemptsAllowed === null ? '' : ui.left(opened.attemptsAllowed - opened.attemptsUsed);
      ctx.say(`\n${ui.quiz(questions.length, d.quiz.passMark, left)}`);
      for (const [i, q] of questions.entries()) {
        if (q.id in quiz.answers) continue;
        ctx.say(`\n${ui.question(i + 1, questions.length)}`);
        const options = q.options.map((o, n) => ({ name: localize(o.text, lang), value: o.id, key: String(n + 1) }));
        let answer: string[];
        if (q.type === 'multiple') {
          const listing = options.map((o) => `  ${o.key.padStart(2)}  ${o.name}`).join('\n');
          const reply = await prompter.text(`${localize(q.text, lang)}\n${listing}\n${ui.many}`, {
            validate: (v) =>
              /^\s*\d+(\s*,\s*\d+)*\s*$/.test(v) &&
              v.split(',').every((n) => Number(n) >= 1 && Number(n) <= options.length)
                ? true
                : ui.badMany(options.length),
          });
          answer = [
            ...new Set(reply.split(',').map((n) => (options[Number(n.trim()) - 1] as { value: string }).value)),
          ];
        } else {
          const chosen = await prompter.choose(localize(q.text, lang), options, {
            actions: [{ key: 'q', value: 'quit' as const, label: ui.quit }],
            help: ui.help,
          });
          if (chosen.kind === 'action') {
            ctx.say(ui.later);
            return;
          }
          answer = [chosen.value];
        }
        await app.training.answer(principal, quiz.attempt, q.id, answer);
      }
      const result = await app.training.submit(principal, quiz.attempt);
      ctx.data(result, () => resultText(result, ui));
      if (result.passed) ctx.say(ui.certificate(result.attempt));
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'))
        ctx.say(`\n${ui.stopped}`);
      throw error;
    }
  },
});
