import { writeFile } from 'node:fs/promises';
import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

export interface ExportOptions {
  readonly assessment: string;
  readonly format: string;
  readonly out?: string;
  readonly lang: string;
}

export default defineVerb<ExportOptions>({
  flags: (c) =>
    c
      .requiredOption('--assessment <id>', 'the assessment')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--lang <lang>', 'language (en, es)', 'en'),
  examples: [
    'renfe finding export --assessment k3m9x2pq --out poam.csv',
    'renfe finding export --assessment k3m9x2pq --format json',
  ],
  async run(opts, ctx) {
    if (!['csv', 'json'].includes(opts.format)) {
      throw KERNEL_ERRORS.invalidInput({ problem: `--format must be csv or json, got "${opts.format}"` });
    }
    const { app, principal } = await ctx.principal();
    const items = await app.assessment.findings(principal, opts.assessment, opts.lang);
    let text: string;
    if (opts.format === 'json') text = `${JSON.stringify({ assessment: opts.assessment, findings: items }, null, 2)}\n`;
    else {
      const { csvFromRecords } = await import('../../../../../kernel/csv.js');
      text = csvFromRecords(
        [
          'id',
          'framework',
          'requirement',
          'title',
          'severity',
          'result',
          'score',
          'gap',
          'recommendation',
          'owner',
          'due',
          'status',
        ],
        items.map((f) => ({
          id: f.id,
          framework: f.framework,
          requirement: f.requirement,
          title: f.title,
          severity: f.severity,
          result: f.result,
          score: f.score ?? '',
          gap: f.gap ?? '',
          recommendation: f.recommendation,
          owner: f.owner ?? '',
          due: f.due ?? '',
          status: f.status,
        })),
      );
    }
    if (opts.out) {
      await writeFile(opts.out, text);
      ctx.done(`Wrote ${items.length} findings to ${opts.out}.`);
    } else ctx.io.stdout.write(text);
  },
});
