import { defineVerb } from '../../../../../module.js';
import { ASSESSMENT_FIELDS, words } from './view.js';

export interface ListOptions {
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  output: { fields: ASSESSMENT_FIELDS, list: true },
  examples: [
    'renfe assessment list',
    'renfe assessment list --json',
    'renfe assessment list --json id,subject',
    "renfe assessment list --jq '.[0].id'",
    'renfe assessment list --limit 5 | cut -f1',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const items = await app.assessment.list(principal);
    await ctx.list(
      items,
      [
        { header: 'ID', value: (a) => a.id },
        { header: 'SUBJECT', value: (a) => a.subject },
        { header: 'FRAMEWORKS', value: (a) => a.frameworks.map((f) => f.id).join(', ') },
        { header: 'STATUS', value: (a) => a.status, human: (a) => words(a.status) },
        { header: 'ANSWERED', value: (a) => `${a.progress.answered}/${a.progress.asked}` },
        {
          header: 'UPDATED',
          value: (a) => a.updatedAt,
          human: (a) => a.updatedAt.slice(0, 16).replace('T', ' '),
        },
      ],
      { limit: opts.limit },
    );
  },
});
