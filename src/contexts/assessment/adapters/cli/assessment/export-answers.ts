import { writeFile } from 'node:fs/promises';
import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

export interface ExportAnswersOptions {
  readonly id: string;
  readonly format: string;
  readonly out?: string;
  readonly lang: string;
}

export default defineVerb<ExportAnswersOptions>({
  flags: (c) =>
    c
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--lang <lang>', 'language of question text (en, es)', 'en'),
  examples: [
    'renfe assessment export-answers k3m9x2pq > answers.csv',
    'renfe assessment export-answers k3m9x2pq --format json --out answers.json',
  ],
  async run(opts, ctx) {
    if (!['csv', 'json'].includes(opts.format)) {
      throw KERNEL_ERRORS.invalidInput({ problem: `--format must be csv or json, got "${opts.format}"` });
    }
    const { app, principal } = await ctx.principal();
    const rows = await app.assessment.questions(principal, opts.id, opts.lang);
    let text: string;
    if (opts.format === 'json' || ctx.globals.json)
      text = `${JSON.stringify({ assessment: opts.id, answers: rows }, null, 2)}\n`;
    else {
      const { csvFromRecords } = await import('../../../../../kernel/csv.js');
      text = csvFromRecords(
        ['framework', 'question', 'value', 'note', 'asked', 'domain', 'requirement', 'type', 'text'],
        rows.map((r) => ({
          framework: r.framework,
          question: r.question,
          value: typeof r.value === 'object' && r.value !== null ? r.value.join(',') : (r.value ?? ''),
          note: r.note ?? '',
          asked: r.asked ? 'yes' : 'no',
          domain: r.domain,
          requirement: r.requirement,
          type: r.type,
          text: r.text,
        })),
      );
    }
    if (opts.out) {
      await writeFile(opts.out, text);
      ctx.done(`Wrote ${rows.length} questions to ${opts.out}.`);
    } else ctx.io.stdout.write(text);
  },
});
