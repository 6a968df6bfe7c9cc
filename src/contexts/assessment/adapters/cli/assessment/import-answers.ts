import { defineVerb } from '../../../../../module.js';

export interface ImportAnswersOptions {
  readonly id: string;
  readonly file: string;
}

export default defineVerb<ImportAnswersOptions>({
  examples: [
    'renfe assessment import-answers k3m9x2pq answers.csv',
    'renfe assessment import-answers k3m9x2pq answers.json',
  ],
  async run(opts, ctx) {
    const { readAnswerRows } = await import('../answer-file.js');
    const { importMaxBytes } = await import('../import-limit.js');
    const rows = await readAnswerRows(opts.file, { maxBytes: await importMaxBytes(ctx) });
    const { app, principal } = await ctx.principal();
    const result = await app.assessment.importAnswers(principal, opts.id, rows);
    const { counted } = await import('../../../../../kernel/locale-format.js');
    ctx.data(result, () => '');
    ctx.done(
      `Imported ${counted(result.imported, 'en', { one: 'answer', other: 'answers' })} into ${opts.id}${result.skipped ? ` (${counted(result.skipped, 'en', { one: 'row', other: 'rows' })} without a value left as they were)` : ''}.`,
    );
  },
});
