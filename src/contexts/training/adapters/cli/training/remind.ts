import { defineVerb } from '../../../../../module.js';
import { JOBS_ERRORS, mailSettings } from '../../../../jobs/index.js';

export interface RemindOptions {
  readonly dryRun?: boolean;
  readonly async?: boolean;
  readonly dueSoon: string;
  readonly lang: string;
  readonly mailDryRun?: string;
  readonly limit?: string;
}

export default defineVerb<RemindOptions>({
  flags: (c) =>
    c
      .option('--dry-run', 'only list who would be reminded; send nothing')
      .option('--async', 'queue a training-reminders job for `renfe worker` instead of mailing now')
      .option('--due-soon <days>', 'also remind of assignments due within this many days', '0')
      .option('--lang <lang>', 'language for people whose own is unknown (en or es)', 'en')
      .option('--mail-dry-run <dir>', 'write the messages as .eml files in this folder instead of sending them'),
  output: { fields: ['email', 'language', 'overdue', 'dueSoon', 'status'], list: true },
  description:
    'Each person with an assignment not passed by its due date (and, with --due-soon, one due within that many days) gets one message listing those courses, in the language of their latest attempt (else the course\'s). Schedule it daily with `renfe jobs schedule <name> --cron "0 7 * * *" --job training-reminders`.',
  examples: [
    'renfe training remind --dry-run',
    'renfe training remind --due-soon 7',
    'renfe training remind --async',
    'renfe training remind --mail-dry-run outbox/',
  ],
  async run(opts, ctx) {
    if (!/^\d{1,3}$/.test(opts.dueSoon)) {
      throw JOBS_ERRORS.badNumber({ flag: '--due-soon', min: 0, max: 90, value: opts.dueSoon });
    }
    const dueSoonDays = Number(opts.dueSoon);
    const settings = opts.dryRun || opts.async ? {} : await mailSettings(ctx);
    const { app, principal } = await ctx.principal();
    const result = await app.jobs.remindTraining(principal, {
      dryRun: opts.dryRun,
      async: opts.async,
      dueSoonDays,
      language: opts.lang,
      settings,
      mailDryRunDir: opts.mailDryRun,
    });
    if (result.mode === 'queued') {
      ctx.data({ job: result.job }, () => String(result.job));
      ctx.done('Queued the training reminders; `renfe worker` sends them.');
      return;
    }
    await ctx.list(
      result.reminders,
      [
        { header: 'EMAIL', value: (r) => r.email },
        { header: 'LANG', value: (r) => r.language },
        { header: 'OVERDUE', value: (r) => r.overdue },
        { header: 'DUE SOON', value: (r) => r.dueSoon },
        { header: 'STATUS', value: (r) => r.status },
      ],
      { limit: opts.limit },
    );
    const failed = result.reminders.filter((r) => r.status === 'rejected' || r.status === 'deferred').length;
    if (result.mode === 'dry-run') ctx.say(`${result.reminders.length} people would be reminded; nothing was sent.`);
    else if (failed > 0) ctx.warn(`${failed} of ${result.reminders.length} reminders were not delivered (see STATUS).`);
    else ctx.done(`Sent ${result.reminders.length} reminder${result.reminders.length === 1 ? '' : 's'}.`);
  },
});
