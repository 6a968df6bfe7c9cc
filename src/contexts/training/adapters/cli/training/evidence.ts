import { defineVerb } from '../../../../../module.js';

export interface EvidenceOptions {
  readonly requirement?: string[];
  readonly limit?: string;
}

export default defineVerb<EvidenceOptions>({
  flags: (c) => c.option('--requirement <framework:id...>', 'only these requirements (e.g. iso27001-2022:A.6.3)'),
  output: {
    fields: [
      'requirement',
      'courses',
      'assigned',
      'completed',
      'passed',
      'completionRate',
      'passRate',
      'asOf',
      'lastCompletedAt',
    ],
    list: true,
  },
  examples: ['renfe training evidence', 'renfe training evidence --requirement iso27001-2022:A.6.3 --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.evidence(principal, opts.requirement);
    await ctx.list(
      rows,
      [
        { header: 'REQUIREMENT', value: (r) => r.requirement },
        { header: 'COURSES', value: (r) => r.courses.join(' ') },
        { header: 'ASSIGNED', value: (r) => r.assigned },
        {
          header: 'COMPLETION',
          value: (r) => r.completionRate ?? '',
          human: (r) => (r.completionRate === null ? '-' : `${r.completionRate}%`),
        },
        {
          header: 'PASSED',
          value: (r) => r.passRate ?? '',
          human: (r) => (r.passRate === null ? '-' : `${r.passRate}%`),
        },
        { header: 'LAST', value: (r) => r.lastCompletedAt ?? '', human: (r) => r.lastCompletedAt?.slice(0, 10) ?? '-' },
      ],
      { limit: opts.limit },
    );
  },
});
