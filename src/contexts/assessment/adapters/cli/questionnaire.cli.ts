import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';

export function registerQuestionnaireCommand(assessment: Command, ctx: CommandContext): void {
  examples(
    assessment
      .command('run <id>')
      .description('walk the questionnaire in the terminal; every answer is saved at once; resume any time')
      .option('--lang <lang>', 'language of the questions (en, es)')
      .option('--from <question>', 'start at this question instead of where you left off')
      .action(async (id: string, opts: { lang?: string; from?: string }) => {
        if (!ctx.interactive) {
          throw new AppError(
            'usage',
            'CLI.NOT_A_TERMINAL',
            'assessment run needs a terminal',
            'answer without one with `renfe assessment answer` or `renfe assessment import-answers`',
          );
        }
        const { app, principal } = await ctx.principal();
        const prompter = await ctx.prompter();
        const { Questionnaire } = await import('./questionnaire-runner.js');
        await new Questionnaire(ctx, app, principal, prompter, id, opts.lang).run(opts.from);
      }),
    [
      'renfe assessment run k3m9x2pq',
      'renfe assessment run k3m9x2pq --lang es',
      'renfe assessment run k3m9x2pq --from A.8.13.Q1',
    ],
  );
}
