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
