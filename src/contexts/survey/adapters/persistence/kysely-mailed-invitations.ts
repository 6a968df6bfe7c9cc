import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type { MailedInvitations } from '../../application/invite-by-mail.command.js';
import './survey-tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Invitations sent by mail: their state, and a new token hash when the message goes out. */
export function kyselyMailedInvitations(db: Executor): MailedInvitations {
  return {
    async state(orgId, surveyId, invitationId) {
      const row = await db
        .selectFrom('survey_invitations')
        .select(['used', 'expires_at'])
        .where('org_id', '=', orgId)
        .where('survey_id', '=', surveyId)
        .where('id', '=', invitationId)
        .executeTakeFirst();
      return row ? { used: Number(row.used) === 1, expiresAt: new Date(row.expires_at) } : null;
    },
    async reissue(orgId, surveyId, invitationId, tokenHash, now) {
      const r = await db
        .updateTable('survey_invitations')
        .set({ token_hash: tokenHash })
        .where('org_id', '=', orgId)
        .where('survey_id', '=', surveyId)
        .where('id', '=', invitationId)
        .where('used', '=', 0)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
