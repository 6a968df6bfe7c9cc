import type { Principal } from '../../../kernel/principal.js';
import type { AuditEntry } from '../../audit/index.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { QUEUES } from '../domain/job.js';
import { isMailLanguage, type MailLanguage, normaliseAddress } from '../domain/mail.js';
import { ownerOf } from './owner.js';
import type { JobsStore } from './ports.js';

/**
 * One survey invitation to mail. It names the invitation, never its token:
 * the worker has the survey issue a fresh token when it sends the message,
 * so the token exists only in the mail (not in the job, a log or the audit).
 */
export interface InvitationMailInput {
  readonly surveyId: string;
  /** The survey as people name it (key@version), for listings. */
  readonly survey: string;
  readonly invitationId: string;
  readonly to: string;
  readonly language: MailLanguage;
}

/** The transaction of the caller (the one that stores the invitations), as the jobs context sees it. */
export interface MailScope {
  readonly jobs: JobsStore;
  record(entry: AuditEntry): Promise<void>;
}

/**
 * Queues one mail job per invitation in the caller's transaction, so the
 * invitations and their mails are stored together or not at all.
 */
export function queueInvitationMails() {
  return async (scope: unknown, principal: Principal, mails: readonly InvitationMailInput[]): Promise<string[]> => {
    const access = allow(principal, 'mail.send');
    const owner = ownerOf(access);
    const { jobs, record } = scope as MailScope;
    const ids: string[] = [];
    for (const mail of mails) {
      const to = normaliseAddress(mail.to);
      if (!to) throw JOBS_ERRORS.badAddress({ flag: '--emails', value: mail.to });
      if (!isMailLanguage(mail.language)) throw JOBS_ERRORS.badLanguage({ language: mail.language });
      const queued = await jobs.enqueue({
        queue: QUEUES.email,
        data: { owner, kind: 'mail.survey-invitation', input: { ...mail, to } satisfies InvitationMailInput },
      });
      ids.push(queued.id);
    }
    if (ids.length > 0) {
      await record({
        action: 'job.queued',
        targetType: 'queue',
        targetId: QUEUES.email,
        details: { kind: 'mail.survey-invitation', count: ids.length, first: ids[0] ?? null },
      });
    }
    return ids;
  };
}
