import { defineVerb } from '../../../../../module.js';
import { ASSESSMENT_FIELDS, formatValue, pct } from './view.js';

export interface ShowOptions {
  readonly id: string;
  readonly questions?: boolean;
  readonly lang: string;
}

export default defineVerb<ShowOptions>({
  flags: (c) =>
    c.option('--questions', 'list every question with its answer').option('--lang <lang>', 'language (en, es)', 'en'),
  output: { fields: [...ASSESSMENT_FIELDS, 'scores', 'questions', 'training', 'surveys'] },
  examples: [
    'renfe assessment show k3m9x2pq',
    'renfe assessment show k3m9x2pq --questions --lang es',
    'renfe assessment show k3m9x2pq --json',
    'renfe assessment show k3m9x2pq --json status,progress',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const summary = await app.assessment.show(principal, opts.id);
    const { fields, table } = await import('../../../../../cli/table.js');
    if (opts.questions) {
      const rows = await app.assessment.questions(principal, opts.id, opts.lang);
      ctx.data({ ...summary, questions: rows }, () =>
        table(
          ['QUESTION', 'TYPE', 'ANSWER', 'NOTE', 'TEXT'],
          rows
            .filter((r) => r.asked)
            .map((r) => [
              `${r.framework}:${r.question}`,
              r.type,
              formatValue(r.value),
              r.note ?? '',
              r.text.length > 70 ? `${r.text.slice(0, 69)}…` : r.text,
            ]),
        ),
      );
      return;
    }
    const scores = await app.assessment.scores(principal, opts.id, opts.lang);
    // Training as evidence: the requirements of these frameworks that a course is linked to.
    const ids = new Set(summary.frameworks.map((f) => f.id));
    const training = (await app.training.evidence(principal)).filter((e) => ids.has(e.requirement.split(':')[0] ?? ''));
    // Surveys as evidence, the same way (completion and headline figures of each linked survey).
    const surveys = (await app.survey.evidence(principal)).filter((e) => ids.has(e.requirement.split(':')[0] ?? ''));
    ctx.data({ ...summary, scores, training, surveys }, () =>
      fields([
        ['id', summary.id],
        ['subject', summary.subject],
        ['status', summary.status],
        ['frameworks', summary.frameworks.map((f) => `${f.id} ${f.version}`).join(', ')],
        [
          'scope',
          [summary.scope.description, summary.scope.domains?.join(', '), summary.scope.level]
            .filter(Boolean)
            .join('; ') || 'whole framework',
        ],
        ['target level', summary.targetLevel],
        ['answered', `${summary.progress.answered}/${summary.progress.asked}`],
        ...scores.map(
          (s) =>
            [
              s.framework,
              `compliance ${pct(s.compliance)}, maturity ${s.maturity ?? '-'}, gap ${s.gap ?? '-'}; ${s.counts.compliant} compliant, ${s.counts.partially_compliant} partial, ${s.counts.non_compliant} non compliant, ${s.counts.not_assessed} not assessed`,
            ] as const,
        ),
        ...training.map(
          (t) =>
            [
              `training ${t.requirement}`,
              `${pct(t.completionRate)} completed of ${t.assigned} assigned, ${pct(t.passRate)} passed (${t.courses.join(', ')}; last ${t.lastCompletedAt?.slice(0, 10) ?? '-'})`,
            ] as const,
        ),
        ...surveys.map(
          (s) =>
            [
              `survey ${s.requirement}`,
              `${s.survey} (${s.status}): ${s.completed} completed${s.responseRate === null ? '' : ` of ${s.invited} invited (${pct(s.responseRate)})`}${s.agreement === null ? '' : `, agreement ${pct(s.agreement)}`}${s.nps === null ? '' : `, NPS ${s.nps}`}`,
            ] as const,
        ),
        ['created', `${summary.createdAt} by ${summary.createdBy}`],
        ['updated', summary.updatedAt],
        ...(summary.sealedHash ? ([['sealed', summary.sealedHash]] as const) : []),
      ]),
    );
  },
});
