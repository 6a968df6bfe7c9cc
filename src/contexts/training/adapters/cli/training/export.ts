import { writeFile } from 'node:fs/promises';
import { csvFromRecords } from '../../../../../kernel/csv.js';
import { defineVerb } from '../../../../../module.js';
import { TRAINING_ERRORS } from '../../../errors.js';
import { DUE_FIELDS } from './view.js';

export interface ExportOptions {
  readonly course?: string;
  readonly overdue?: boolean;
  readonly out: string;
}

export default defineVerb<ExportOptions>({
  flags: (c) =>
    c
      .option('--course <id>', 'one course')
      .option('--overdue', 'only those past their due date without a pass')
      .requiredOption('--out <file>', 'where to write the CSV ("-" for stdout)'),
  examples: ['renfe training export --out training.csv', 'renfe training export --course phishing --overdue --out -'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.assignments(principal, { course: opts.course, overdue: opts.overdue });
    const text = csvFromRecords(
      DUE_FIELDS,
      rows.map((r) => ({
        ...r,
        completed: r.completed ? 'yes' : 'no',
        passed: r.passed ? 'yes' : 'no',
        overdue: r.overdue ? 'yes' : 'no',
      })),
    );
    if (opts.out === '-') ctx.io.stdout.write(text);
    else {
      try {
        await writeFile(opts.out, text, { mode: 0o600 });
      } catch (error) {
        throw TRAINING_ERRORS.cannotWrite({
          file: opts.out,
          reason: (error as NodeJS.ErrnoException).code ?? String(error),
        });
      }
    }
    ctx.done(`Exported ${rows.length} assignment rows${opts.out === '-' ? '' : ` to ${opts.out}`}.`);
  },
});
