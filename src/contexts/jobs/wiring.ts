import type { Shared } from '../../module.js';
import type { Principal } from '../../kernel/principal.js';
import { type AuthDeps, principalForJob } from '../auth/index.js';
import { JOBS_ERRORS } from './errors.js';
import { fsJobFiles } from './adapters/files/fs-job-files.js';
import { sqliteQueue } from './adapters/queue/sqlite-queue.js';
import { cancelJob } from './application/cancel-job.command.js';
import { batchItems, enqueueBatch } from './application/enqueue-batch.command.js';
import { enqueueReport } from './application/enqueue-report.command.js';
import { jobsStatus } from './application/jobs-status.query.js';
import { listJobs } from './application/list-jobs.query.js';
import { ping } from './application/ping.command.js';
import type {
  JobQueue,
  JobsDeps,
  JobsStore,
  MailerFactory,
  ReportInput,
  ReminderRecipient,
  ReportResultSummary,
} from './application/ports.js';
import { queueInvitationMails } from './application/invitation-mails.command.js';
import { listSchedules, scheduleJob, unscheduleJob } from './application/schedule.commands.js';
import { remindTraining } from './application/training-reminders.command.js';
import { retryJob } from './application/retry-job.command.js';
import { sendTestMail } from './application/send-test-mail.command.js';
import { showJob } from './application/show-job.query.js';
import { waitForJob } from './application/wait-job.query.js';
import { startWorker } from './application/worker.js';

import './adapters/persistence/jobs-tables.js';

interface JobsOptions {
  readonly target: { readonly dialect: 'sqlite' } | { readonly dialect: 'postgres'; readonly connectionString: string };
  /** Tests may replace how mail is sent. */
  readonly mailer?: MailerFactory;
}

/** What jobs need from reporting and assessment (their wired services). */
interface ReportingServices {
  generate(principal: Principal, input: ReportInput & { failUnder?: number }): Promise<ReportResultSummary>;
}
interface AssessmentServices {
  list(principal: Principal): Promise<{ id: string; subject: string; status: string }[]>;
}
/** What jobs need from training (who to remind) and survey (a token for a mailed invitation). */
interface TrainingServices {
  reminders(principal: Principal, input: { dueSoonDays: number; language: string }): Promise<ReminderRecipient[]>;
}
interface SurveyServices {
  mailedToken(
    principal: Principal,
    input: { surveyId: string; invitationId: string; language: string },
  ): Promise<{ token: string; title: string; expiresAt: string } | null>;
}

const lazyMailer: MailerFactory = async (settings, dryRunDir) =>
  (await import('./adapters/mail/nodemailer-mailer.js')).nodemailerMailer(settings, dryRunDir);

export function wireJobs(shared: Shared, wired: Readonly<Record<string, unknown>>) {
  const options = shared.options as JobsOptions;
  const reporting = wired.reporting as ReportingServices;
  const assessment = wired.assessment as AssessmentServices;
  const training = wired.training as TrainingServices;
  const survey = wired.survey as SurveyServices;
  const principalFor = principalForJob({
    read: shared.read.auth as AuthDeps['uow']['read'],
    clock: shared.clock,
    permissions: shared.permissions,
  });
  let queue: Promise<JobQueue> | undefined;
  const target = options.target;
  const deps: JobsDeps = {
    uow: { read: shared.read.jobs as JobsStore, run: shared.transaction },
    queue: () =>
      (queue ??=
        target.dialect === 'postgres'
          ? import('./adapters/queue/pg-boss-queue.js').then((m) => m.pgBossQueue(target.connectionString, shared.db))
          : Promise.resolve(sqliteQueue(shared.db, shared.clock))),
    mailer: options.mailer ?? lazyMailer,
    files: fsJobFiles,
    clock: shared.clock,
    collaborators: {
      async principalFor(owner) {
        const found = await principalFor(owner);
        if ('refused' in found) throw JOBS_ERRORS.ownerRefused({ actor: owner.actor.label, reason: found.refused });
        return found.principal;
      },
      generateReport: (principal, input) => reporting.generate(principal, input),
      assessments: (principal) => assessment.list(principal),
      trainingReminders: (principal, input) => training.reminders(principal, input),
      invitationToken: (principal, input) => survey.mailedToken(principal, input),
    },
  };
  return {
    enqueueReport: enqueueReport(deps),
    enqueueBatch: enqueueBatch(deps),
    batchItems: batchItems(deps),
    ping: ping(deps),
    list: listJobs(deps),
    show: showJob(deps),
    status: jobsStatus(deps),
    retry: retryJob(deps),
    cancel: cancelJob(deps),
    wait: waitForJob(deps),
    worker: startWorker(deps),
    sendTestMail: sendTestMail(deps),
    schedule: scheduleJob(deps),
    unschedule: unscheduleJob(deps),
    schedules: listSchedules(deps),
    remindTraining: remindTraining(deps),
    /** Survey invitations by mail, queued in the survey's own transaction. */
    queueInvitationMails: queueInvitationMails(),
    /** Which engine the queue runs on ('pg-boss' or 'sqlite'). */
    engine: async () => (await deps.queue()).engine,
  };
}
