import { defineVerb } from '../../../../../module.js';

export interface CoverageOptions {
  readonly id: string;
  readonly framework: string;
  readonly lang: string;
}

export default defineVerb<CoverageOptions>({
  flags: (c) =>
    c
      .requiredOption('--framework <id>', 'the framework to infer (id or id@version)')
      .option('--lang <lang>', 'language (en, es)', 'en'),
  output: { fields: ['assessment', 'target', 'name', 'counts', 'requirements'] },
  examples: [
    'renfe assessment coverage k3m9x2pq --framework iso27001-2022',
    'renfe assessment coverage k3m9x2pq --framework iso27001-2022 --json',
    'renfe assessment coverage k3m9x2pq --framework iso27001-2022 --json counts',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const cov = await app.assessment.coverage(principal, opts.id, opts.framework, opts.lang);
    const { table } = await import('../../../../../cli/table.js');
    ctx.data(cov, () =>
      [
        `${cov.target.id} ${cov.target.version} inferred from assessment ${cov.assessment}: ${Object.entries(cov.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        table(
          ['REQUIREMENT', 'RESULT', 'FROM'],
          cov.requirements.map((r) => [
            r.requirementId,
            r.result,
            r.sources
              .filter((s) => s.carried)
              .map(
                (s) => `${s.framework}:${s.requirement} (${s.result}, ${s.path.map((p) => p.relationship).join('→')})`,
              )
              .join('; ') || '-',
          ]),
        ),
      ].join('\n'),
    );
  },
});
