import { defineVerb } from '../../../../../module.js';
import { DUE_COLUMNS, DUE_FIELDS } from './view.js';

export interface OverdueOptions {
  readonly course?: string;
  readonly limit?: string;
}

export default defineVerb<OverdueOptions>({
  flags: (c) => c.option('--course <id>', 'one course'),
  output: { fields: DUE_FIELDS, list: true },
  examples: ['renfe training overdue', 'renfe training overdue --json email,course,due | jq -r ".[].email"'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.overdue(principal, opts);
    await ctx.list(rows, DUE_COLUMNS, { limit: opts.limit });
  },
});
