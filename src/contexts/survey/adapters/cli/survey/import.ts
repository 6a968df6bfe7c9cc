import { defineVerb } from '../../../../../module.js';
import { localize } from '../../../domain/survey.js';

export interface ImportOptions {
  readonly survey: string;
  readonly file: string;
  readonly map?: string;
}

export default defineVerb<ImportOptions>({
  flags: (c) =>
    c.option(
      '--map <map.yaml>',
      'columns whose header matches no question: "<header>": <question id> (null to ignore)',
    ),
  description:
    'Headers are matched to the questions by their text (exactly, then ignoring case, accents and punctuation). Without a terminal, unmatched headers need --map. All rows or none are imported.',
  examples: [
    'renfe survey import security-culture "Form responses 1.csv"',
    'renfe survey import security-culture responses.csv --map columns.yaml',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const ask = ctx.interactive
      ? async (header: string, questions: readonly { id: string; text: Record<string, string> }[]) => {
          const prompter = await ctx.prompter();
          const choice = await prompter.select(`Which question does the column "${header}" answer?`, [
            { name: 'none: ignore this column', value: '' },
            ...questions.map((q) => ({ name: `${q.id}  ${localize(q.text, 'en').slice(0, 70)}`, value: q.id })),
          ]);
          return choice === '' ? null : choice;
        }
      : undefined;
    const result = await app.survey.import(principal, opts.survey, { path: opts.file, mapPath: opts.map, ask });
    ctx.data(result, () => '');
    ctx.done(`Imported ${result.imported} responses into ${result.survey}.`);
  },
});
