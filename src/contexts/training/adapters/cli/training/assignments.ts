import { defineVerb } from '../../../../../module.js';
import { DUE_COLUMNS, DUE_FIELDS } from './view.js';

export interface AssignmentsOptions {
  readonly course?: string;
  readonly user?: string;
  readonly overdue?: boolean;
  readonly limit?: string;
}

export default defineVerb<AssignmentsOptions>({
  flags: (c) =>
    c
      .option('--course <id>', 'one course')
      .option('--user <email>', 'one person (yours only, unless your role reads training)')
      .option('--overdue', 'only those past their due date without a pass'),
  output: { fields: DUE_FIELDS, list: true },
  description:
    'One row per person and course. Members whose role does not read training see their own rows: what is due for them.',
  examples: [
    'renfe training assignments',
    'renfe training assignments --course phishing --overdue',
    'renfe training assignments --user lea@acme.test --json course,due,status',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.assignments(principal, opts);
    await ctx.list(rows, DUE_COLUMNS, { limit: opts.limit });
  },
});
