import { defineVerb } from '../../../../../module.js';
import { title } from './view.js';

export interface StatusOptions {
  readonly limit?: string;
  readonly lang: string;
}

const pct = (n: number | null) => (n === null ? '-' : `${n}%`);

export default defineVerb<StatusOptions>({
  flags: (c) => c.option('--lang <lang>', 'language of titles (en, es)', 'en'),
  output: {
    fields: [
      'course',
      'version',
      'title',
      'requirements',
      'assigned',
      'completed',
      'passed',
      'overdue',
      'completionRate',
      'passRate',
      'averageScore',
      'lastCompletedAt',
    ],
    list: true,
  },
  description:
    "Completed: a finished quiz on a version that counts for the assignment; completion rate is completed over assigned; the average is of each person's best score.",
  examples: ['renfe training status', 'renfe training status --json course,completionRate,overdue'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.status(principal);
    await ctx.list(
      rows,
      [
        { header: 'COURSE', value: (r) => `${r.course}@${r.version}` },
        { header: 'ASSIGNED', value: (r) => r.assigned },
        { header: 'COMPLETED', value: (r) => r.completed },
        { header: 'PASSED', value: (r) => r.passed },
        { header: 'OVERDUE', value: (r) => r.overdue },
        { header: 'COMPLETION', value: (r) => r.completionRate ?? '', human: (r) => pct(r.completionRate) },
        { header: 'AVG SCORE', value: (r) => r.averageScore ?? '', human: (r) => pct(r.averageScore) },
        { header: 'TITLE', value: (r) => title(r.title, opts.lang) },
      ],
      { limit: opts.limit },
    );
  },
});
