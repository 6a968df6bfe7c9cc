import { createHash, randomBytes } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { SURVEY_ERRORS } from '../errors.js';
import type { InvitationRow, SurveyDeps } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

export const SURVEY_TOKEN_PREFIX = 'rnf_svy_';

/** A survey token is stored as its SHA-256 only. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface InviteInput {
  readonly emails?: readonly string[] | undefined;
  readonly role?: string | undefined;
  readonly count?: number | undefined;
  readonly expiresDays?: number | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One-time invitations: random tokens, stored hashed, expiring, returned
 * once. Emails come with them for a named survey (mail merge); an anonymous
 * survey keeps no email with its invitations.
 */
export function inviteToSurvey(deps: SurveyDeps) {
  return async (principal: Principal, ref: string, input: InviteInput) => {
    const access = allow(principal, 'survey.run');
    const audiences = [input.emails !== undefined, input.role !== undefined, input.count !== undefined].filter(
      Boolean,
    ).length;
    if (audiences !== 1) {
      throw SURVEY_ERRORS.badInvitation({
        problem: 'give exactly one of --emails <file.csv>, --role <role> or --count <n>',
      });
    }
    const days = input.expiresDays ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw SURVEY_ERRORS.badInvitation({ problem: `--expires must be a number of days from 1 to 365, got ${days}` });
    }
    let emails: (string | null)[];
    if (input.count !== undefined) {
      if (!Number.isInteger(input.count) || input.count < 1 || input.count > 100_000) {
        throw SURVEY_ERRORS.badInvitation({
          problem: `--count must be a whole number from 1 to 100000, got ${input.count}`,
        });
      }
      emails = Array.from({ length: input.count }, () => null);
    } else if (input.role !== undefined) {
      emails = await deps.membersWithRole(principal, input.role);
      if (emails.length === 0)
        throw SURVEY_ERRORS.badInvitation({ problem: `no active member has the role ${input.role}` });
    } else {
      const bad = (input.emails ?? []).find((e) => !EMAIL.test(e));
      if (bad !== undefined) throw SURVEY_ERRORS.badInvitation({ problem: `"${bad}" is not an email address` });
      emails = [...new Set((input.emails ?? []).map((e) => e.trim().toLowerCase()))];
      if (emails.length === 0) throw SURVEY_ERRORS.badInvitation({ problem: 'the email list is empty' });
    }
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + days * 86_400_000);
    return access.change(deps.uow, async ({ survey, record }) => {
      const repo = survey.forOrg(access.orgId);
      const found = await findSurvey(repo, ref);
      if (found.status !== 'published') {
        throw SURVEY_ERRORS.badStatus({
          survey: surveyRef(found),
          status: found.status,
          action: 'invite',
          needed: 'published',
        });
      }
      const issued = emails.map((email) => ({
        email,
        token: `${SURVEY_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`,
      }));
      const rows: InvitationRow[] = issued.map((i) => ({
        id: newId(),
        tokenHash: tokenHash(i.token),
        email: found.definition.anonymous ? null : i.email,
        expiresAt,
      }));
      await repo.addInvitations(found.id, rows, now);
      await record({
        action: 'survey.invited',
        targetType: 'survey',
        targetId: found.id,
        details: {
          survey: surveyRef(found),
          count: rows.length,
          audience: input.count !== undefined ? 'count' : input.role !== undefined ? `role ${input.role}` : 'emails',
          expiresAt: expiresAt.toISOString(),
        },
      });
      return {
        survey: surveyRef(found),
        anonymous: found.definition.anonymous,
        expiresAt: expiresAt.toISOString(),
        invitations: issued,
      };
    });
  };
}
