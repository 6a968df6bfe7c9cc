import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type { SyncedResponseFacts, SyncedResponseStore } from '../../application/synced-responses.query.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Ids per `in (...)` list: well under either dialect's parameter limit. */
const CHUNK = 500;

/**
 * What sync reads of responses beyond their answers (which it reads through
 * the survey repository's export pages): each submitted response's language
 * and time of submission, and which response ids the organisation holds.
 * Only `survey_responses` is read here, never the answers' rows.
 */
export function kyselySyncedResponses(db: Executor): SyncedResponseStore {
  return {
    forOrg(orgId: string): SyncedResponseFacts {
      return {
        async meta(surveyId, ids) {
          const out = new Map<string, { language: string; submittedAt: string | null }>();
          for (let i = 0; i < ids.length; i += CHUNK) {
            const rows = await db
              .selectFrom('survey_responses')
              .select(['id', 'language', 'submitted_at'])
              .where('org_id', '=', orgId)
              .where('survey_id', '=', surveyId)
              .where('status', '=', 'submitted')
              .where('id', 'in', ids.slice(i, i + CHUNK))
              .execute();
            for (const r of rows) out.set(r.id, { language: r.language, submittedAt: r.submitted_at });
          }
          return out;
        },
        async known(ids) {
          const out = new Set<string>();
          for (let i = 0; i < ids.length; i += CHUNK) {
            const rows = await db
              .selectFrom('survey_responses')
              .select('id')
              .where('org_id', '=', orgId)
              .where('id', 'in', ids.slice(i, i + CHUNK))
              .execute();
            for (const r of rows) out.add(r.id);
          }
          return out;
        },
      };
    },
  };
}
