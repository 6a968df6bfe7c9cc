import { defineVerb } from '../../../../../module.js';
import { num } from './view.js';

export interface CompareOptions {
  readonly before: string;
  readonly after: string;
  readonly all?: boolean;
}

export default defineVerb<CompareOptions>({
  flags: (c) => c.option('--all', 'list unchanged requirements too'),
  output: { fields: ['before', 'after', 'frameworks'] },
  examples: [
    'renfe assessment compare k3m9x2pq p7w2r8ta',
    'renfe assessment compare k3m9x2pq p7w2r8ta --json',
    'renfe assessment compare k3m9x2pq p7w2r8ta --json frameworks',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.assessment.compare(principal, opts.before, opts.after);
    const { table } = await import('../../../../../cli/table.js');
    ctx.data(result, () =>
      result.frameworks
        .map((c) => {
          const rows = c.requirements.filter((r) => opts.all || r.change !== 'unchanged');
          return [
            `${c.framework}: ${JSON.stringify(c.totals)}`,
            table(
              ['DOMAIN', 'BEFORE', 'AFTER', 'DELTA'],
              c.domains.map((d) => [
                d.id,
                num(d.score.before === null ? null : d.score.before * 100),
                num(d.score.after === null ? null : d.score.after * 100),
                num(d.score.delta === null ? null : d.score.delta * 100),
              ]),
            ),
            rows.length
              ? table(
                  ['REQUIREMENT', 'BEFORE', 'AFTER', 'CHANGE'],
                  rows.map((r) => [r.id, r.before?.result ?? '-', r.after?.result ?? '-', r.change]),
                )
              : 'No requirement changed.',
          ].join('\n');
        })
        .join('\n\n'),
    );
  },
});
