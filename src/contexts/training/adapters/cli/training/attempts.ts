import { defineVerb } from '../../../../../module.js';

export interface AttemptsOptions {
  readonly course?: string;
  readonly user?: string;
  readonly limit?: string;
}

export default defineVerb<AttemptsOptions>({
  flags: (c) =>
    c
      .option('--course <id>', 'one course')
      .option('--user <email>', 'one person (yours only, unless your role reads training)'),
  output: {
    fields: ['id', 'email', 'course', 'version', 'status', 'score', 'source', 'startedAt', 'completedAt', 'annulledAt'],
    list: true,
  },
  examples: ['renfe training attempts', 'renfe training attempts --course phishing --json id,email,score,status'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.training.attempts(principal, opts);
    await ctx.list(
      rows,
      [
        { header: 'ATTEMPT', value: (a) => a.id },
        { header: 'EMAIL', value: (a) => a.email },
        { header: 'COURSE', value: (a) => `${a.course}@${a.version}` },
        { header: 'STATUS', value: (a) => a.status },
        { header: 'SCORE', value: (a) => a.score ?? '', human: (a) => (a.score === null ? '-' : `${a.score}%`) },
        { header: 'SOURCE', value: (a) => a.source },
        { header: 'COMPLETED', value: (a) => a.completedAt ?? '', human: (a) => a.completedAt?.slice(0, 10) ?? '-' },
      ],
      { limit: opts.limit },
    );
  },
});
