import { defineVerb } from '../../../../../module.js';
import { ASSESSMENT_ERRORS } from '../../../errors.js';

export interface RunOptions {
  readonly id: string;
  readonly lang?: string;
  readonly from?: string;
}

export default defineVerb<RunOptions>({
  flags: (c) =>
    c
      .option('--lang <lang>', 'language of the questions (en, es)')
      .option('--from <question>', 'start at this question instead of where you left off'),
  description: [
    'Keys at a question (its help line shows them, in the language of --lang):',
    '  0-5          maturity levels 0 to 5; x not applicable',
    '  1 2 3 4      yes, partially, no, not applicable',
    '  1, 2, 3...   the choice marked with that number (1 then 0 for 10)',
    '  ↑↓, Enter    a key or an arrow highlights an answer; Enter saves it',
    '  g guidance   n note (also before answering)   e evidence',
    '  b back   s skip   j jump to a domain   q summary and quit',
    '  u next question without an answer (wraps round to the start)',
    '  a applicability: whether the control applies, why, and the justification',
    "    (as `renfe assessment applicability`); an excluded control's questions",
    '    are passed over and count as answered; --from one of them and a again',
    '    includes it',
    'Typed answers (numbers, text, several choices) take :g, :n, :b, :u, :a, :q...',
    'Each answer is saved at once. Ctrl-C stops (exit 130); run it again to',
    'resume where you left off.',
  ].join('\n'),
  examples: [
    'renfe assessment run k3m9x2pq',
    'renfe assessment run k3m9x2pq --lang es',
    'renfe assessment run k3m9x2pq --from A.8.13.Q1',
  ],
  async run(opts, ctx) {
    if (!ctx.interactive) throw ASSESSMENT_ERRORS.runNeedsTerminal();
    const { app, principal } = await ctx.principal();
    const prompter = await ctx.prompter();
    const { Questionnaire } = await import('../questionnaire-runner.js');
    await new Questionnaire(ctx, app, principal, prompter, opts.id, opts.lang).run(opts.from);
  },
});
