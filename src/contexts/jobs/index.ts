/**
 * The jobs context: background work (a queue on pg-boss or SQLite, `renfe
 * worker`) and email. Other contexts import from this file only; they reach
 * the use cases through the wired services (`app.jobs`).
 */
export { JOBS_PERMISSIONS } from './domain/permissions.js';
export { QUEUES, WORK_QUEUES, JOB_STATES, type JobState, type QueueName } from './domain/job.js';
export type { JobDto, JobDetailDto } from './application/dto.js';
export type { MailSettings } from './application/ports.js';
export { reportFileName } from './application/run-job.js';
export { JOBS_ERRORS } from './errors.js';
/** The SMTP relay of the profile, for commands of other contexts that send mail now (`training remind`). */
export { mailSettings } from './adapters/cli/mail/settings.js';
