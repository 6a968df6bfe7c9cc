import { defineModule, noun, verb } from '../../module.js';
import { JOBS_PERMISSIONS } from './domain/permissions.js';

/** Background work (report generation, email delivery) on a queue, `renfe worker`, and mail through SMTP. */
export const jobsModule = defineModule({
  name: 'jobs',
  migrations: {
    '0007-jobs': () => import('./adapters/persistence/migrations/0007-jobs.js'),
  },
  permissions: JOBS_PERMISSIONS,
  errors: async () => (await import('./errors.js')).JOBS_ERRORS,
  stores: async () => (await import('./stores.js')).jobsStores,
  wire: async (shared, wired) => (await import('./wiring.js')).wireJobs(shared, wired),
  commands: [
    verb(
      'worker',
      'run queued jobs (reports, email) until stopped; progress on stderr',
      () => import('./adapters/cli/worker/worker.js'),
    ),
    noun('jobs', 'background jobs: their state, attempts, errors and timings'),
    verb(
      'jobs status',
      "the queue's health: jobs by state, recent workers, mail results",
      () => import('./adapters/cli/jobs/status.js'),
    ),
    verb('jobs list', 'list jobs, newest first', () => import('./adapters/cli/jobs/list.js')),
    verb('jobs show <id>', 'show one job with each of its runs', () => import('./adapters/cli/jobs/show.js')),
    verb('jobs retry <id>', 'queue a failed or cancelled job again', () => import('./adapters/cli/jobs/retry.js')),
    verb('jobs cancel <id>', 'cancel a job that has not finished', () => import('./adapters/cli/jobs/cancel.js')),
    verb(
      'jobs schedule <name>',
      'make or change a cron schedule that queues a job each time it comes round',
      () => import('./adapters/cli/jobs/schedule.js'),
    ),
    verb(
      'jobs schedules',
      "the organisation's cron schedules and when each next runs",
      () => import('./adapters/cli/jobs/schedules.js'),
    ),
    verb('jobs unschedule <name>', 'remove a cron schedule', () => import('./adapters/cli/jobs/unschedule.js')),
    verb('jobs ping', 'queue no-op jobs, to check that workers take work', () => import('./adapters/cli/jobs/ping.js')),
    noun('mail', 'email through the SMTP relay of the profile (smtp.*)'),
    verb('mail test', 'send a test message to check the SMTP settings', () => import('./adapters/cli/mail/test.js')),
  ],
});
