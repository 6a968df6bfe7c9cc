import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineVerb } from '../../../../../module.js';
import { JOBS_ERRORS } from '../../../errors.js';
import { SCHEDULABLE_JOBS } from '../../../domain/schedule.js';
import { scheduleView } from './schedule-view.js';
import { wholeNumber } from './numbers.js';

export interface ScheduleOptions {
  readonly name: string;
  readonly cron: string;
  readonly job: string;
  readonly tz: string;
  readonly dueSoon?: string;
  readonly lang: string;
  readonly assessments?: string;
  readonly allFinal?: boolean;
  readonly template: string;
  readonly format: string;
  readonly outDir?: string;
  readonly email?: string;
}

/** Assessment ids, one a line (blank lines and `#` comments skipped). */
function readIds(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw JOBS_ERRORS.badAssessmentList({
      file,
      problem: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
  const ids = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
  if (ids.length === 0) throw JOBS_ERRORS.badAssessmentList({ file, problem: 'no assessment ids in it' });
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw JOBS_ERRORS.badAssessmentList({ file, problem: `${twice} is listed twice` });
  return ids;
}

export default defineVerb<ScheduleOptions>({
  flags: (c) =>
    c
      .requiredOption('--cron <expression>', 'when: five cron fields, minute hour day month weekday ("0 7 * * *")')
      .requiredOption('--job <kind>', `what: ${Object.keys(SCHEDULABLE_JOBS).join(', ')}`)
      .option('--tz <zone>', 'the time zone the cron is read in (IANA name)', 'UTC')
      .option('--due-soon <days>', 'training-reminders: also remind of assignments due within this many days', '0')
      .option(
        '--lang <lang>',
        'training-reminders: language of people whose own is unknown; report-batch: en or es',
        'en',
      )
      .option('--assessments <file>', 'report-batch: the assessments, a file of ids one a line')
      .option('--all-final', 'report-batch: every final assessment at the time of each run')
      .option('--template <name-or-path>', 'report-batch: the report template', 'executive')
      .option('--format <format>', 'report-batch: pdf, json, csv, md or oscal', 'pdf')
      .option('--out-dir <dir>', 'report-batch: each run writes into <dir>/<YYYY-MM-DD>/')
      .option('--email <addresses>', 'report-batch: mail each report to these addresses, comma-separated'),
  description:
    'Each time the cron comes round, one job is queued, owned by you, and run by `renfe worker` with your rights at that moment. On PostgreSQL pg-boss keeps the schedule; on SQLite the jobs table does. However many workers run, a schedule fires once per slot; a slot that comes while no worker runs is skipped, not made up later. Running it again with the same name changes the schedule.',
  examples: [
    'renfe jobs schedule overdue-reminders --cron "0 7 * * *" --job training-reminders --tz Europe/Madrid',
    'renfe jobs schedule weekly-reports --cron "0 6 * * 1" --job report-batch --all-final --out-dir /srv/reports --email ciso@client.test',
    'renfe jobs schedule heartbeat --cron "*/5 * * * *" --job ping',
  ],
  async run(opts, ctx) {
    const job = opts.job;
    let batch;
    if (job === 'report-batch') {
      if ((opts.assessments === undefined) === (opts.allFinal !== true)) throw JOBS_ERRORS.batchSource();
      if (opts.outDir === undefined) {
        throw JOBS_ERRORS.badSchedule({
          flag: '--out-dir',
          problem: 'report-batch needs the folder the reports go to',
        });
      }
      const color = (await ctx.setting('report.color')) ?? '#1f4e79';
      const logo = ctx.settingSync('report.logo') as string | undefined;
      const firm = ctx.settingSync('report.firmName') as string | undefined;
      const email = (opts.email ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      batch = {
        assessmentIds: opts.assessments === undefined ? null : readIds(opts.assessments),
        source: opts.assessments ?? '--all-final',
        report: {
          template: opts.template,
          format: opts.format,
          language: opts.lang,
          ai: false,
          includeSubject: false,
          branding: {
            firmName: firm ?? 'renfe',
            logoPath: logo === undefined ? null : resolve(logo),
            primaryColor: color.toLowerCase(),
          },
        },
        outDir: resolve(opts.outDir),
        email: email.length > 0 ? { to: email, language: opts.lang } : undefined,
      };
    }
    const dueSoonDays = wholeNumber('--due-soon', opts.dueSoon ?? '0', 0, 90);
    const { app, principal } = await ctx.principal();
    const made = await app.jobs.schedule(principal, {
      name: opts.name,
      cron: opts.cron,
      timezone: opts.tz,
      job,
      batch,
      reminders: { dueSoonDays, language: opts.lang },
    });
    await scheduleView(ctx, made);
    ctx.done(
      `${made.created ? 'Scheduled' : 'Changed'} ${made.name}: ${made.job} at "${made.cron}" (${made.timezone}); next ${made.next ?? 'never'}. Workers run it: \`renfe worker\`.`,
    );
  },
});
