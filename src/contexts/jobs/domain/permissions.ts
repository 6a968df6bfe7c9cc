import type { Role } from '../../../kernel/roles.js';

/**
 * The jobs context's part of the permission table. Queuing a piece of work
 * needs the permission of the work itself (e.g. report.generate); these cover
 * the queue and the mail it sends.
 */
export const JOBS_PERMISSIONS = {
  'job.read': ['owner', 'admin', 'consultant', 'viewer'],
  'job.manage': ['owner', 'admin', 'consultant'],
  /** Cron schedules run work unattended, as their maker, for as long as they exist. */
  'job.schedule': ['owner', 'admin'],
  'mail.send': ['owner', 'admin', 'consultant'],
  'mail.test': ['owner', 'admin'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
