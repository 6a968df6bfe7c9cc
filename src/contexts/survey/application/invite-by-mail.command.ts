import { randomBytes } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { localize } from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import { SURVEY_TOKEN_PREFIX, tokenHash } from './invite.command.js';
import type { InvitationRow, SurveyDeps, SurveyTransaction } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

/** Invitations sent by mail, as the survey context stores them. */
export interface MailedInvitations {
  state(orgId: string, surveyId: string, invitationId: string): Promise<{ used: boolean; expiresAt: Date } | null>;
  /** Replaces the invitation's token hash while it is unused and unexpired; false otherwise. */
  reissue(orgId: string, surveyId: string, invitationId: string, tokenHash: string, now: Date): Promise<boolean>;
}

/** One invitation to mail: which invitation, to whom, in which language (never its token). */
export interface InvitationMail {
  readonly surveyId: string;
  readonly survey: string;
  readonly invitationId: string;
  readonly to: string;
  readonly language: 'en' | 'es';
}

/** Queues invitation mails (the jobs context) in the transaction that stores the invitations. */
export interface InvitationMailQueue {
  queue(scope: unknown, principal: Principal, mails: readonly InvitationMail[]): Promise<string[]>;
}

export interface MailDeps extends SurveyDeps {
  readonly mail: InvitationMailQueue;
  /** The mailed invitations over the database (reads). */
  readonly mailed: MailedInvitations;
}

type MailTransaction = SurveyTransaction & { readonly surveyMail: MailedInvitations };

export interface InviteByMailInput {
  readonly emails: readonly string[];
  readonly expiresDays?: number | undefined;
  /** en or es; the survey's first language when it is one of them, else en. */
  readonly language?: string | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGUAGES = ['en', 'es'] as const;
const newToken = () => `${SURVEY_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;

/**
 * `survey invite --emails <file> --send`: one invitation and one mail job per
 * person, stored together. The invitations are made with a token nobody
 * knows; the worker has a fresh one issued as each message goes out, so a
 * token exists only in its mail: never printed, queued or audited.
 */
export function inviteByMail(deps: MailDeps) {
  return async (principal: Principal, ref: string, input: InviteByMailInput) => {
    const access = allow(principal, 'survey.run');
    const days = input.expiresDays ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw SURVEY_ERRORS.badInvitation({ problem: `--expires must be a number of days from 1 to 365, got ${days}` });
    }
    const bad = input.emails.find((e) => !EMAIL.test(e.trim()));
    if (bad !== undefined) throw SURVEY_ERRORS.badInvitation({ problem: `"${bad}" is not an email address` });
    const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))];
    if (emails.length === 0) throw SURVEY_ERRORS.badInvitation({ problem: 'the email list is empty' });
    if (input.language !== undefined && !(LANGUAGES as readonly string[]).includes(input.language)) {
      throw SURVEY_ERRORS.badInvitation({ problem: `--lang must be en or es, got "${input.language}"` });
    }
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + days * 86_400_000);
    return access.change(deps.uow, async (scope) => {
      const repo = scope.survey.forOrg(access.orgId);
      const found = await findSurvey(repo, ref);
      if (found.status !== 'published') {
        throw SURVEY_ERRORS.badStatus({
          survey: surveyRef(found),
          status: found.status,
          action: 'invite',
          needed: 'published',
        });
      }
      const first = found.definition.languages[0] ?? 'en';
      const language = (input.language ??
        ((LANGUAGES as readonly string[]).includes(first) ? first : 'en')) as InvitationMail['language'];
      const rows: InvitationRow[] = emails.map((email) => ({
        id: newId(),
        tokenHash: tokenHash(newToken()),
        email: found.definition.anonymous ? null : email,
        expiresAt,
      }));
      await repo.addInvitations(found.id, rows, now);
      const jobs = await deps.mail.queue(
        scope,
        principal,
        rows.map((r, i) => ({
          surveyId: found.id,
          survey: surveyRef(found),
          invitationId: r.id,
          to: emails[i] as string,
          language,
        })),
      );
      await scope.record({
        action: 'survey.invited',
        targetType: 'survey',
        targetId: found.id,
        details: {
          survey: surveyRef(found),
          count: rows.length,
          audience: 'emails',
          mailed: jobs.length,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return {
        survey: surveyRef(found),
        anonymous: found.definition.anonymous,
        expiresAt: expiresAt.toISOString(),
        language,
        invitations: emails.map((email, i) => ({ email, job: jobs[i] as string })),
      };
    });
  };
}

/**
 * For the worker sending a mailed invitation: a fresh token (the one before
 * it stops working), or null when the invitation was used or has expired.
 */
export function mailedToken(deps: MailDeps) {
  return async (
    principal: Principal,
    input: { readonly surveyId: string; readonly invitationId: string; readonly language: string },
  ): Promise<{ token: string; title: string; expiresAt: string } | null> => {
    const access = allow(principal, 'survey.run');
    const now = deps.clock.now();
    const state = await deps.mailed.state(access.orgId, input.surveyId, input.invitationId);
    if (state === null || state.used || state.expiresAt <= now) return null;
    const survey = (await deps.uow.read.forOrg(access.orgId).list()).find((s) => s.id === input.surveyId);
    if (!survey) return null;
    const token = newToken();
    const uow = deps.uow as unknown as { run<T>(work: (tx: MailTransaction) => Promise<T>): Promise<T> };
    await access.change(uow, async (scope) => {
      if (!(await scope.surveyMail.reissue(access.orgId, input.surveyId, input.invitationId, tokenHash(token), now))) {
        throw SURVEY_ERRORS.badInvitation({ problem: 'the invitation was used or expired while its mail was sent' });
      }
      await scope.record({
        action: 'survey.invitation_mailed',
        targetType: 'survey',
        targetId: input.surveyId,
        details: { survey: surveyRef(survey), invitation: input.invitationId },
      });
    });
    return {
      token,
      title: localize(survey.definition.title, input.language),
      expiresAt: state.expiresAt.toISOString(),
    };
  };
}
