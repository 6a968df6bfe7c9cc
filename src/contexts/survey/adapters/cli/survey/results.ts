import { defineVerb } from '../../../../../module.js';
import type { SurveyResults } from '../../../application/results.query.js';

export interface ResultsOptions {
  readonly survey: string;
  readonly by?: string;
  readonly lang: string;
}

const pct = (n: number | null, lang: string) =>
  n === null ? '-' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
const num = (n: number | null, lang: string) =>
  n === null ? '-' : new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n);

function bar(percent: number, width: number, terminal: boolean): string {
  if (!terminal) return '';
  const cells = Math.round((percent / 100) * width);
  return `${'█'.repeat(cells)}${'·'.repeat(width - cells)} `;
}

export function resultsText(r: SurveyResults, terminal: boolean): string {
  const L = r.language;
  const out = [
    `${r.title} (${r.survey})`,
    `invited ${r.invited}, started ${r.started}, completed ${r.completed}, response rate ${pct(r.responseRate, L)}`,
  ];
  for (const q of r.questions) {
    out.push('', `${q.id}  ${q.text}  (${q.respondents} answered)`);
    if (q.nps)
      out.push(
        `  NPS ${num(q.nps.score, L)}: ${q.nps.promoters} promoters, ${q.nps.passives} passives, ${q.nps.detractors} detractors`,
      );
    if (q.mean !== null) {
      out.push(
        `  mean ${num(q.mean, L)}, median ${num(q.median, L)}, sd ${num(q.sd, L)}${q.topTwoBox !== null ? `, top-2-box ${pct(q.topTwoBox, L)}` : ''}`,
      );
    }
    for (const c of q.counts)
      out.push(
        `  ${bar(c.percent, 20, terminal)}${pct(c.percent, L).padStart(6)}  ${String(c.count).padStart(5)}  ${c.label}`,
      );
    for (const t of q.texts.slice(0, terminal ? 10 : q.texts.length)) out.push(`  “${t}”`);
    if (terminal && q.texts.length > 10) out.push(`  … ${q.texts.length - 10} more (--json for all)`);
  }
  if (r.breakdown) {
    out.push('', `By ${r.breakdown.by}:`);
    for (const g of r.breakdown.groups) {
      if (g.withheld) {
        out.push(`  ${g.label}: withheld (fewer than ${r.threshold} respondents)`);
        continue;
      }
      const figures = g.questions
        .filter((q) => q.mean !== null || q.nps)
        .map((q) => `${q.id} ${q.nps ? `NPS ${num(q.nps.score, L)}` : num(q.mean, L)}`)
        .join(', ');
      out.push(`  ${g.label} (${g.respondents}): ${figures}`);
    }
  }
  return out.join('\n');
}

export default defineVerb<ResultsOptions>({
  flags: (c) =>
    c
      .option('--by <question>', 'break the results down by the answer to this question (small groups withheld)')
      .option('--lang <lang>', 'language (en, es)', 'en'),
  output: {
    fields: [
      'schema',
      'survey',
      'title',
      'language',
      'anonymous',
      'threshold',
      'invited',
      'started',
      'completed',
      'responseRate',
      'questions',
      'breakdown',
    ],
  },
  examples: [
    'renfe survey results security-culture',
    'renfe survey results security-culture --by q3 --lang es',
    "renfe survey results phishing-awareness --jq '.questions[] | select(.nps) | .nps.score'",
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const results = await app.survey.results(principal, opts.survey, { lang: opts.lang, by: opts.by });
    ctx.data(results, () => resultsText(results, ctx.io.stdoutIsTTY));
  },
});
