import { defineVerb } from '../../../../../../module.js';

export interface ListOptions {
  readonly id: string;
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  output: {
    fields: ['id', 'question', 'kind', 'name', 'sha256', 'size', 'url', 'addedBy', 'addedAt'],
    list: true,
  },
  examples: [
    'renfe assessment evidence list k3m9x2pq',
    'renfe assessment evidence list k3m9x2pq --json',
    'renfe assessment evidence list k3m9x2pq --json name,sha256',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const items = await app.assessment.listEvidence(principal, opts.id);
    await ctx.list(
      items,
      [
        { header: 'ID', value: (e) => e.id },
        { header: 'QUESTION', value: (e) => e.question },
        { header: 'KIND', value: (e) => e.kind },
        { header: 'NAME', value: (e) => e.name },
        { header: 'SHA-256', value: (e) => e.sha256 ?? '' },
        { header: 'BYTES', value: (e) => e.size ?? '' },
      ],
      { limit: opts.limit },
    );
  },
});
