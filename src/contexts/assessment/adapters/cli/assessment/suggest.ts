import { defineVerb } from '../../../../../module.js';
import { formatValue } from './view.js';

export interface SuggestOptions {
  readonly id: string;
  readonly from: string;
  readonly apply?: boolean;
  readonly overwrite?: boolean;
  readonly lang: string;
}

export default defineVerb<SuggestOptions>({
  flags: (c) =>
    c
      .option('--from <source>', 'where the suggestions come from (training)', 'training')
      .option('--apply', 'record the suggestions as answers, each with a note saying where it came from')
      .option('--overwrite', 'with --apply: also replace answers that say something else')
      .option('--lang <lang>', 'language of the question texts (en, es)', 'en'),
  output: { fields: ['assessment', 'suggestions', 'skipped', 'applied'] },
  description:
    'The awareness questions (ISO 27001 A.6.3, ENS mp.per.3 and mp.per.4, NIST CSF PR.AT-01 and PR.AT-02, NIS2 21.2.g) answered from the completion rate of the courses linked to their requirement: yes from 90 %, partial from 50 %, else no; maturity 3, 2 or 1 on the same bands; percentage questions take the rate. Nothing is stored unless you confirm: --apply, or yes at the prompt on a terminal. Answers already given are kept unless --overwrite.',
  examples: [
    'renfe assessment suggest k3m9x2pq --from training',
    'renfe assessment suggest k3m9x2pq --from training --json',
    'renfe assessment suggest k3m9x2pq --from training --apply',
    'renfe assessment suggest k3m9x2pq --from training --apply --overwrite',
  ],
  async run(opts, ctx) {
    if (opts.from !== 'training') {
      const { KERNEL_ERRORS } = await import('../../../../../kernel/kernel-errors.js');
      throw KERNEL_ERRORS.invalidInput({ problem: `--from: suggestions come from training, not "${opts.from}"` });
    }
    const { app, principal } = await ctx.principal();
    const input = { assessmentId: opts.id, overwrite: opts.overwrite === true, lang: opts.lang };
    const found = await app.assessment.suggestFromTraining(principal, input);
    const pending = found.suggestions.filter((s) => s.action === 'record' || s.action === 'replace');
    let apply = opts.apply === true;
    let prompted = false;
    if (!apply && !ctx.globals.json && ctx.interactive && pending.length > 0) {
      prompted = true;
      const { table } = await import('../../../../../cli/table.js');
      ctx.say(table(['QUESTION', 'NOW', 'SUGGESTED', 'ACTION', 'WHY'], rows(found.suggestions)));
      apply = await (await ctx.prompter()).confirm(`Record ${pending.length} suggested answers?`, false);
      if (!apply) {
        ctx.say('Nothing recorded.');
        return;
      }
    }
    const result = apply
      ? await app.assessment.applyTrainingSuggestions(principal, input)
      : { ...found, applied: [] as string[] };
    const { table } = await import('../../../../../cli/table.js');
    ctx.data(result, () =>
      [
        // Shown above the question already when the command asked.
        ...(prompted ? [] : [table(['QUESTION', 'NOW', 'SUGGESTED', 'ACTION', 'WHY'], rows(result.suggestions))]),
        ...result.skipped.map((s) => `skipped ${s.question}: ${s.reason}`),
      ].join('\n'),
    );
    if (apply)
      ctx.done(
        `Recorded ${result.applied.length} answers from training records (${result.applied.join(', ') || 'none'}).`,
      );
    else if (pending.length > 0)
      ctx.say(`Nothing recorded: run with --apply to record ${pending.length} suggested answers.`);
    else if (result.suggestions.length === 0 && result.skipped.length === 0)
      ctx.say('This assessment has no awareness question that training records answer.');
  },
});

function rows(
  suggestions: readonly { question: string; current: unknown; suggested: unknown; action: string; why: string }[],
) {
  return suggestions.map((s) => [s.question, formatValue(s.current) || '-', formatValue(s.suggested), s.action, s.why]);
}
