import { defineVerb } from '../../../../../module.js';
import { formatNumber, formatPercent } from '../../../../../kernel/locale-format.js';
import { SCORE_FIELDS } from './view.js';

export interface ScoreOptions {
  readonly id: string;
  readonly lang: string;
  readonly requirements?: boolean;
}

export default defineVerb<ScoreOptions>({
  flags: (c) =>
    c
      .option('--lang <lang>', 'language (en, es)', 'en')
      .option('--requirements', 'also list every requirement with its result'),
  output: { fields: SCORE_FIELDS },
  examples: [
    'renfe assessment score k3m9x2pq',
    'renfe assessment score k3m9x2pq --requirements --json',
    'renfe assessment score k3m9x2pq --json framework,compliance,maturity',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const scores = await app.assessment.scores(principal, opts.id, opts.lang);
    const { table } = await import('../../../../../cli/table.js');
    // Figures as the language of --lang writes them: 64.2% in English, 64,2 % in Spanish.
    const pct = (x: number | null) => formatPercent(x, opts.lang, 1, '-');
    const num = (x: number | null) => formatNumber(x, opts.lang, 1, '-');
    ctx.data(scores, () =>
      scores
        .map((s) =>
          [
            `${s.framework} ${s.version}: compliance ${pct(s.compliance)}, maturity ${num(s.maturity)} (gap ${num(s.gap)}), answered ${formatPercent(s.progress * 100, opts.lang, 0)}`,
            table(
              ['DOMAIN', 'TITLE', 'COMPLIANCE', 'MATURITY', 'GAP', 'OK', 'PARTIAL', 'NO', 'N/A', 'OPEN'],
              s.domains.map((d) => [
                d.id,
                d.title,
                pct(d.compliance),
                num(d.maturity),
                num(d.gap),
                d.counts.compliant,
                d.counts.partially_compliant,
                d.counts.non_compliant,
                d.counts.not_applicable,
                d.counts.not_assessed,
              ]),
            ),
            ...(opts.requirements
              ? [
                  table(
                    ['REQUIREMENT', 'RESULT', 'SCORE', 'MATURITY', 'ANSWERED'],
                    s.requirements.map((r) => [
                      r.id,
                      r.result,
                      r.score === null ? '-' : formatPercent(r.score * 100, opts.lang, 0),
                      num(r.maturity),
                      `${r.answered}/${r.asked}`,
                    ]),
                  ),
                ]
              : []),
          ].join('\n'),
        )
        .join('\n\n'),
    );
  },
});
