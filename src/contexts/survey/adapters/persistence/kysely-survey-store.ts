import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type {
  AnswerRow,
  CountRow,
  SurveyRecord,
  SurveyRepository,
  SurveyStatus,
  SurveyStore,
  TokenRedeemer,
} from '../../application/ports.js';
import type { SurveyDefinition } from '../../domain/survey.js';
import type { SurveySurveysTable } from './survey-tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

const date = (v: string | null) => (v === null ? null : new Date(v));

function recordOf(row: SurveySurveysTable): SurveyRecord {
  return {
    id: row.id,
    key: row.survey_key,
    version: Number(row.version),
    status: row.status as SurveyStatus,
    definition: JSON.parse(row.definition) as SurveyDefinition,
    contentHash: row.content_hash,
    createdAt: new Date(row.created_at),
    publishedAt: date(row.published_at),
    closedAt: date(row.closed_at),
  };
}

const answerOf = (r: { question_id: string; item: string; num: number | null; text: string | null }): AnswerRow => ({
  questionId: r.question_id,
  item: r.item,
  num: r.num === null ? null : Number(r.num),
  text: r.text,
});

/** One imported response as the set-based insert reads it: id, email, language, seed, day, submitted at. */
type ResponseTuple = [string, string | null, string, number, string, string | null];
/** One answer row: response, question, item, number, text. */
type AnswerTuple = [string, string, string, number | null, string | null];
/** Rows per set-based insert: a few MB of parameters each. */
const RESPONSES_PER_INSERT = 5000;
const ANSWERS_PER_INSERT = 50_000;

/** Inserts in chunks small enough for either dialect's parameter limit. */
async function insertChunks<T>(
  rows: readonly T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** The counts a set of final answers adds: one per value, and one per respondent of each question (`*`). */
function countsOf(responses: readonly (readonly AnswerRow[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const answers of responses) {
    const questions = new Set<string>();
    for (const a of answers) {
      add(`${a.questionId}\u0000${a.num !== null ? `n:${a.num}` : `i:${a.item}`}`);
      questions.add(a.questionId);
    }
    for (const q of questions) add(`${q}\u0000*`);
  }
  return counts;
}

export function kyselySurveyStore(db: Executor): SurveyStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  async function insertResponsesSqlite(orgId: string, surveyId: string, rows: ResponseTuple[]) {
    await sql`insert into survey_responses (id, org_id, survey_id, status, resume_key, invitation_id, respondent_email,
        language, seed, source, started_day, submitted_day, submitted_at)
      select r.value ->> 0, ${orgId}, ${surveyId}, 'submitted', null, null, r.value ->> 1, r.value ->> 2, r.value ->> 3,
        'import', r.value ->> 4, r.value ->> 4, r.value ->> 5
      from json_each(${JSON.stringify(rows)}) as r`.execute(db);
  }

  async function insertResponsesPg(orgId: string, surveyId: string, rows: ResponseTuple[]) {
    const column = <K extends number>(k: K) => rows.map((r) => r[k]);
    await sql`insert into survey_responses (id, org_id, survey_id, status, resume_key, invitation_id, respondent_email,
        language, seed, source, started_day, submitted_day, submitted_at)
      select r.id, ${orgId}, ${surveyId}, 'submitted', null, null, r.email, r.language, r.seed, 'import', r.day, r.day, r.at
      from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::integer[],
        ${column(4)}::text[], ${column(5)}::text[]) as r(id, email, language, seed, day, at)`.execute(db);
  }

  async function insertAnswersSqlite(orgId: string, surveyId: string, rows: AnswerTuple[]) {
    await sql`insert into survey_answers (org_id, survey_id, response_id, question_id, item, num, text, final)
      select ${orgId}, ${surveyId}, a.value ->> 0, a.value ->> 1, a.value ->> 2, a.value ->> 3, a.value ->> 4, 1
      from json_each(${JSON.stringify(rows)}) as a`.execute(db);
  }

  async function insertAnswersPg(orgId: string, surveyId: string, rows: AnswerTuple[]) {
    const column = <K extends number>(k: K) => rows.map((r) => r[k]);
    await sql`insert into survey_answers (org_id, survey_id, response_id, question_id, item, num, text, final)
      select ${orgId}, ${surveyId}, a.r, a.q, a.i, a.n, a.t, 1
      from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::double precision[],
        ${column(4)}::text[]) as a(r, q, i, n, t)`.execute(db);
  }

  async function bumpCounts(orgId: string, surveyId: string, counts: Map<string, number>): Promise<void> {
    const rows = [...counts].map(([key, count]) => {
      const [questionId, valueKey] = key.split('\u0000') as [string, string];
      return { org_id: orgId, survey_id: surveyId, question_id: questionId, value_key: valueKey, count };
    });
    await insertChunks(rows, 5000, (chunk) =>
      db
        .insertInto('survey_counts')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['survey_id', 'question_id', 'value_key']).doUpdateSet({
            count: (eb) => eb('survey_counts.count', '+', eb.ref('excluded.count')),
          }),
        )
        .execute(),
    );
  }

  function forOrg(orgId: string): SurveyRepository {
    const surveys = () => db.selectFrom('survey_surveys').selectAll().where('org_id', '=', orgId);
    const owned = (surveyId: string) =>
      db.selectFrom('survey_surveys').select('id').where('org_id', '=', orgId).where('id', '=', surveyId);
    return {
      async list() {
        return (await surveys().orderBy('survey_key').orderBy('version', 'desc').execute()).map(recordOf);
      },
      async versions(key) {
        return (await surveys().where('survey_key', '=', key).orderBy('version', 'desc').execute()).map(recordOf);
      },
      async insert(record, createdBy) {
        await db
          .insertInto('survey_surveys')
          .values({
            id: record.id,
            org_id: orgId,
            survey_key: record.key,
            version: record.version,
            status: record.status,
            anonymous: record.definition.anonymous ? 1 : 0,
            threshold: record.definition.threshold,
            title: JSON.stringify(record.definition.title),
            definition: JSON.stringify(record.definition),
            content_hash: record.contentHash,
            created_by: createdBy,
            created_at: record.createdAt.toISOString(),
            published_at: null,
            closed_at: null,
          })
          .execute();
      },
      async replaceDraft(id, definition, contentHash) {
        await db
          .updateTable('survey_surveys')
          .set({
            definition: JSON.stringify(definition),
            title: JSON.stringify(definition.title),
            anonymous: definition.anonymous ? 1 : 0,
            threshold: definition.threshold,
            content_hash: contentHash,
          })
          .where('org_id', '=', orgId)
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .execute();
      },
      async setStatus(id, status, at) {
        await db
          .updateTable('survey_surveys')
          .set(
            status === 'published'
              ? { status, published_at: at.toISOString() }
              : { status, closed_at: at.toISOString() },
          )
          .where('org_id', '=', orgId)
          .where('id', '=', id)
          .execute();
      },
      async delete(id) {
        await db.deleteFrom('survey_surveys').where('org_id', '=', orgId).where('id', '=', id).execute();
      },
      async counts(surveyId) {
        const row = await db
          .selectFrom('survey_responses')
          .select((eb) => [
            eb.fn.countAll<string | number>().as('started'),
            eb.fn.sum<string | number | null>(sql`case when status = 'submitted' then 1 else 0 end`).as('completed'),
          ])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .executeTakeFirst();
        return { started: Number(row?.started ?? 0), completed: Number(row?.completed ?? 0) };
      },
      async addInvitations(surveyId, rows, at) {
        await insertChunks(rows, 500, (chunk) =>
          db
            .insertInto('survey_invitations')
            .values(
              chunk.map((r) => ({
                id: r.id,
                org_id: orgId,
                survey_id: surveyId,
                token_hash: r.tokenHash,
                email: r.email,
                expires_at: r.expiresAt.toISOString(),
                created_at: at.toISOString(),
                opened: 0,
                used: 0,
                opened_at: null,
                used_at: null,
              })),
            )
            .execute(),
        );
      },
      async invitations(surveyId, named) {
        const base = db.selectFrom('survey_invitations').where('org_id', '=', orgId).where('survey_id', '=', surveyId);
        const totals = await base
          .select((eb) => [
            eb.fn.countAll<string | number>().as('invited'),
            eb.fn.sum<string | number | null>('opened').as('opened'),
            eb.fn.sum<string | number | null>('used').as('used'),
          ])
          .executeTakeFirst();
        const people = named
          ? (await base.select(['email', 'opened', 'used', 'expires_at']).orderBy('email').execute()).map((r) => ({
              email: r.email,
              opened: Number(r.opened) === 1,
              completed: Number(r.used) === 1,
              expiresAt: r.expires_at,
            }))
          : [];
        return {
          invited: Number(totals?.invited ?? 0),
          opened: Number(totals?.opened ?? 0),
          completed: Number(totals?.used ?? 0),
          people,
        };
      },
      async addSubmitted(surveyId, responses) {
        // Set-based inserts: each statement carries thousands of rows in a few
        // parameters (a JSON array on SQLite, one array per column on
        // PostgreSQL), so an import of 100,000 responses is a few hundred
        // statements, none of them compiled row by row. Rows are built chunk
        // by chunk, never all at once.
        for (let i = 0; i < responses.length; i += RESPONSES_PER_INSERT) {
          const chunk = responses.slice(i, i + RESPONSES_PER_INSERT);
          const rows = chunk.map((r, k): ResponseTuple => [
            r.id,
            r.email,
            r.language,
            k + i,
            r.day,
            r.at?.toISOString() ?? null,
          ]);
          await (postgres ? insertResponsesPg(orgId, surveyId, rows) : insertResponsesSqlite(orgId, surveyId, rows));
        }
        let batch: AnswerTuple[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await (postgres ? insertAnswersPg(orgId, surveyId, batch) : insertAnswersSqlite(orgId, surveyId, batch));
          batch = [];
        };
        for (const r of responses) {
          for (const a of r.answers) batch.push([r.id, a.questionId, a.item, a.num, a.text]);
          if (batch.length >= ANSWERS_PER_INSERT) await flush();
        }
        await flush();
        await bumpCounts(orgId, surveyId, countsOf(responses.map((r) => r.answers)));
      },
      async distribution(surveyId) {
        const rows = await db
          .selectFrom('survey_counts')
          .select(['question_id', 'value_key', 'count'])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('value_key', '!=', '*')
          .execute();
        return rows.map((r): CountRow => ({
          questionId: r.question_id,
          item: r.value_key.startsWith('i:') ? r.value_key.slice(2) : '',
          num: r.value_key.startsWith('n:') ? Number(r.value_key.slice(2)) : null,
          count: Number(r.count),
        }));
      },
      async respondents(surveyId) {
        const rows = await db
          .selectFrom('survey_counts')
          .select(['question_id', 'count'])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('value_key', '=', '*')
          .execute();
        return new Map(rows.map((r) => [r.question_id, Number(r.count)]));
      },
      async texts(surveyId, questionId, limit) {
        const rows = await db
          .selectFrom('survey_answers')
          .select('text')
          .where('survey_id', 'in', owned(surveyId))
          .where('survey_id', '=', surveyId)
          .where('final', '=', 1)
          .where('question_id', '=', questionId)
          .where('text', 'is not', null)
          .orderBy('response_id')
          .limit(limit)
          .execute();
        return rows.map((r) => r.text as string);
      },
      async breakdown(surveyId, groupBy) {
        // From the group question's answers (one per response) to each response's other answers.
        const rows = await db
          .selectFrom('survey_answers as g')
          .innerJoin('survey_answers as a', 'a.response_id', 'g.response_id')
          .select([
            'a.question_id',
            'a.item',
            'a.num',
            'g.item as g_item',
            'g.num as g_num',
            (eb) => eb.fn.countAll<string | number>().as('n'),
          ])
          .where('g.survey_id', 'in', owned(surveyId))
          .where('g.survey_id', '=', surveyId)
          .where('g.question_id', '=', groupBy)
          .where('g.final', '=', 1)
          .groupBy(['g.item', 'g.num', 'a.question_id', 'a.item', 'a.num'])
          .execute();
        return rows.map((r) => ({
          group: r.g_item !== '' ? r.g_item : String(Number(r.g_num)),
          questionId: r.question_id,
          item: r.item,
          num: r.num === null ? null : Number(r.num),
          count: Number(r.n),
        }));
      },
      async exportPage(surveyId, after, size) {
        let query = db
          .selectFrom('survey_responses')
          .select(['id', 'submitted_day', 'respondent_email'])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('status', '=', 'submitted')
          .orderBy('id')
          .limit(size);
        if (after) query = query.where('id', '>', after);
        const responses = await query.execute();
        if (responses.length === 0) return [];
        const answers = await db
          .selectFrom('survey_answers')
          .select(['response_id', 'question_id', 'item', 'num', 'text'])
          .where('survey_id', '=', surveyId)
          .where(
            'response_id',
            'in',
            responses.map((r) => r.id),
          )
          .execute();
        const byResponse = new Map<string, AnswerRow[]>();
        for (const a of answers) {
          const list = byResponse.get(a.response_id) ?? [];
          list.push(answerOf(a));
          byResponse.set(a.response_id, list);
        }
        return responses.map((r) => ({
          id: r.id,
          day: r.submitted_day,
          email: r.respondent_email,
          answers: byResponse.get(r.id) ?? [],
        }));
      },
    };
  }

  const tokens: TokenRedeemer = {
    async invitation(tokenHash) {
      const row = await db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        tokenHash: row.token_hash,
        email: row.email,
        expiresAt: new Date(row.expires_at),
        orgId: row.org_id,
        surveyId: row.survey_id,
        opened: Number(row.opened) === 1,
        used: Number(row.used) === 1,
      };
    },
    async survey(orgId, surveyId) {
      const row = await db
        .selectFrom('survey_surveys')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '=', surveyId)
        .executeTakeFirst();
      return row ? recordOf(row) : null;
    },
    async markOpened(invitationId, at) {
      await db
        .updateTable('survey_invitations')
        .set({ opened: 1, ...(at ? { opened_at: at.toISOString() } : {}) })
        .where('id', '=', invitationId)
        .execute();
    },
    async markUsed(invitationId, at) {
      await db
        .updateTable('survey_invitations')
        .set({ used: 1, ...(at ? { used_at: at.toISOString() } : {}) })
        .where('id', '=', invitationId)
        .execute();
    },
    async responseByResumeKey(resumeKey) {
      const row = await db
        .selectFrom('survey_responses')
        .selectAll()
        .where('resume_key', '=', resumeKey)
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            surveyId: row.survey_id,
            status: row.status as 'in_progress' | 'submitted',
            language: row.language,
            seed: Number(row.seed),
          }
        : null;
    },
    async startResponse(row) {
      await db
        .insertInto('survey_responses')
        .values({
          id: row.id,
          org_id: row.orgId,
          survey_id: row.surveyId,
          status: 'in_progress',
          resume_key: row.resumeKey,
          invitation_id: row.invitationId,
          respondent_email: row.email,
          language: row.language,
          seed: row.seed,
          source: 'token',
          started_day: row.day,
          submitted_day: null,
          submitted_at: null,
        })
        .execute();
    },
    async answers(responseId) {
      const rows = await db
        .selectFrom('survey_answers')
        .select(['question_id', 'item', 'num', 'text'])
        .where('response_id', '=', responseId)
        .execute();
      return rows.map(answerOf);
    },
    async saveAnswer(orgId, surveyId, responseId, questionId, rows) {
      await db
        .deleteFrom('survey_answers')
        .where('response_id', '=', responseId)
        .where('question_id', '=', questionId)
        .execute();
      if (rows.length === 0) return;
      await db
        .insertInto('survey_answers')
        .values(
          rows.map((r) => ({
            org_id: orgId,
            survey_id: surveyId,
            response_id: responseId,
            question_id: questionId,
            item: r.item,
            num: r.num,
            text: r.text,
            final: 0,
          })),
        )
        .execute();
    },
    async submit(responseId, day, at) {
      const response = await db
        .selectFrom('survey_responses')
        .select(['org_id', 'survey_id'])
        .where('id', '=', responseId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('survey_responses')
        .set({ status: 'submitted', resume_key: null, submitted_day: day, submitted_at: at?.toISOString() ?? null })
        .where('id', '=', responseId)
        .execute();
      await db.updateTable('survey_answers').set({ final: 1 }).where('response_id', '=', responseId).execute();
      const answers = await db
        .selectFrom('survey_answers')
        .select(['question_id', 'item', 'num', 'text'])
        .where('response_id', '=', responseId)
        .execute();
      await bumpCounts(response.org_id, response.survey_id, countsOf([answers.map(answerOf)]));
    },
  };

  return { forOrg, tokens };
}
