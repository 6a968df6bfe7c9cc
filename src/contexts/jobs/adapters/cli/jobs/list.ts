import { defineVerb } from '../../../../../module.js';
import { JOB_FIELDS } from './view.js';

export interface ListOptions {
  readonly queue?: string;
  readonly state?: string;
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  flags: (c) =>
    c
      .option('--queue <name>', 'only this queue: reports, email, ping or dead')
      .option('--state <state>', 'only this state: queued, retry, active, completed, failed, cancelled'),
  output: { fields: JOB_FIELDS, list: true },
  examples: [
    'renfe jobs list',
    'renfe jobs list --state failed --json id,lastError',
    'renfe jobs list --queue dead',
    'renfe jobs list --queue reports --limit 20 | cut -f1',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const jobs = await app.jobs.list(principal, { queue: opts.queue, state: opts.state });
    const short = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
    await ctx.list(
      jobs,
      [
        { header: 'ID', value: (j) => j.id },
        { header: 'QUEUE', value: (j) => j.queue },
        { header: 'STATE', value: (j) => j.state },
        { header: 'ATTEMPTS', value: (j) => j.attempts },
        {
          header: 'WHAT',
          value: (j) => j.summary,
          human: (j) => (j.summary.length > 60 ? `${j.summary.slice(0, 59)}…` : j.summary),
        },
        { header: 'QUEUED', value: (j) => j.createdAt, human: (j) => short(j.createdAt) },
        { header: 'LAST ERROR', value: (j) => j.lastError ?? '', human: (j) => (j.lastError ?? '').slice(0, 50) },
      ],
      { limit: opts.limit },
    );
  },
});
