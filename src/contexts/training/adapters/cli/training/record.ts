import { defineVerb } from '../../../../../module.js';

export interface RecordOptions {
  readonly user: string;
  readonly course: string;
  readonly score: string;
  readonly completedAt: string;
}

export default defineVerb<RecordOptions>({
  flags: (c) =>
    c
      .requiredOption('--user <email>', 'who completed it')
      .requiredOption('--course <id>', 'the course (id for the newest version, or id@version)')
      .requiredOption('--score <n>', 'the score in percent (0-100); the pass mark decides passed or failed')
      .requiredOption('--completed-at <date>', 'when (YYYY-MM-DD or an ISO date-time)'),
  description:
    'For completions done elsewhere (a classroom session, another platform). Recorded as an attempt and audited.',
  examples: ['renfe training record --user lea@acme.test --course phishing --score 90 --completed-at 2027-03-01'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const a = await app.training.record(principal, opts);
    ctx.data(a, () => a.id);
    ctx.done(`Recorded ${a.email} on ${a.course}@${a.version}: ${a.score}%, ${a.status}.`);
  },
});
