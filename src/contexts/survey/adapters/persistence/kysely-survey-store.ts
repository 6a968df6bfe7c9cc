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

/** A response's answers as stored (survey_responses.answers): question id -> [[item, num, text], ...]. */
type PackedAnswers = Record<string, [string, number | null, string | null][]>;

/** Answers as stored (PackedAnswers' JSON), written out directly: an import packs millions of answer rows. */
function packedJson(answers: readonly AnswerRow[]): string {
  const byQuestion = new Map<string, string>();
  for (const a of answers) {
    const cell = `[${JSON.stringify(a.item)},${a.num === null ? 'null' : JSON.stringify(a.num)},${a.text === null ? 'null' : JSON.stringify(a.text)}]`;
    const before = byQuestion.get(a.questionId);
    byQuestion.set(a.questionId, before === undefined ? cell : `${before},${cell}`);
  }
  let json = '';
  for (const [questionId, cells] of byQuestion)
    json += `${json === '' ? '' : ','}${JSON.stringify(questionId)}:[${cells}]`;
  return `{${json}}`;
}

function unpack(json: string | null): AnswerRow[] {
  if (json === null) return [];
  return Object.entries(JSON.parse(json) as PackedAnswers).flatMap(([questionId, rows]) =>
    rows.map(([item, num, text]) => ({ questionId, item, num: num === null ? null : Number(num), text })),
  );
}

/** One imported response as the set-based insert reads it: id, email, language, seed, day, submitted at, answers. */
type ResponseTuple = [string, string | null, string, number, string, string | null, string];
/** Responses per set-based insert: a few MB of parameters each. */
const RESPONSES_PER_INSERT = 5000;

/** Inserts in chunks small enough for either dialect's parameter limit. */
async function insertChunks<T>(
  rows: readonly T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const valueKey = (a: AnswerRow) => (a.num !== null ? `n:${a.num}` : `i:${a.item}`);

/** A count to add: overall (`group` null) or within the group of respondents who gave `group.value` to `group.question`. */
interface CountDelta {
  readonly group: { readonly question: string; readonly value: string } | null;
  readonly questionId: string;
  readonly valueKey: string;
  readonly count: number;
}

/**
 * The counts a set of submitted responses adds: each value's count, each
 * question's respondents (`*`), and, for every grouping question, each value's
 * count among the respondents of each of its groups. Values are numbered
 * first (a "cell" per question and value), so the group counts, which grow
 * with questions squared, are integer increments in one array.
 */
function countsOf(responses: readonly (readonly AnswerRow[])[], grouping: readonly string[]): CountDelta[] {
  // Questions and cells by number; plain loops over typed arrays, as this runs once per answer row.
  interface QuestionSlot {
    readonly index: number;
    readonly grouping: boolean;
    readonly byNum: Map<number, number>;
    readonly byItem: Map<string, number>;
  }
  const questions = new Map<string, QuestionSlot>();
  const questionIds: string[] = [];
  const isGrouping = new Set(grouping);
  const cells: AnswerRow[] = [];
  const cellQuestion: number[] = [];
  const slotOf = (questionId: string): QuestionSlot => {
    let slot = questions.get(questionId);
    if (!slot) {
      slot = { index: questionIds.length, grouping: isGrouping.has(questionId), byNum: new Map(), byItem: new Map() };
      questions.set(questionId, slot);
      questionIds.push(questionId);
    }
    return slot;
  };
  let lastSeen = new Int32Array(64).fill(-1);
  let rowsInResponse = new Int32Array(64);
  const respondents: number[] = [];
  const perResponse: Int32Array[] = new Array(responses.length);
  const groupsPerResponse: number[][] = new Array(responses.length);
  for (let r = 0; r < responses.length; r++) {
    const answers = responses[r]!;
    const row = new Int32Array(answers.length);
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i]!;
      const slot = slotOf(a.questionId);
      const byValue = a.num !== null ? slot.byNum : slot.byItem;
      const value = a.num !== null ? a.num : a.item;
      let cell = (byValue as Map<number | string, number>).get(value);
      if (cell === undefined) {
        cell = cells.length;
        (byValue as Map<number | string, number>).set(value, cell);
        cells.push(a);
        cellQuestion.push(slot.index);
      }
      row[i] = cell;
      if (slot.index >= lastSeen.length) {
        const seen = new Int32Array(lastSeen.length * 2).fill(-1);
        seen.set(lastSeen);
        lastSeen = seen;
        const rows = new Int32Array(lastSeen.length);
        rows.set(rowsInResponse);
        rowsInResponse = rows;
      }
      if (lastSeen[slot.index] !== r) {
        lastSeen[slot.index] = r;
        rowsInResponse[slot.index] = 0;
        respondents[slot.index] = (respondents[slot.index] ?? 0) + 1;
      }
      rowsInResponse[slot.index]!++;
    }
    perResponse[r] = row;
    // One row per grouping question: a single choice with several rows would be bad data, never a group.
    const groups: number[] = [];
    for (let i = 0; i < row.length; i++) {
      const q = cellQuestion[row[i]!]!;
      if (questions.get(questionIds[q]!)!.grouping && rowsInResponse[q] === 1) groups.push(row[i]!);
    }
    groupsPerResponse[r] = groups;
  }
  const n = cells.length;
  const overall = new Int32Array(n);
  const groupSlot = new Map<number, number>();
  for (const groups of groupsPerResponse)
    for (const g of groups) if (!groupSlot.has(g)) groupSlot.set(g, groupSlot.size);
  const within = new Int32Array(groupSlot.size * n);
  for (let r = 0; r < perResponse.length; r++) {
    const row = perResponse[r]!;
    const groups = groupsPerResponse[r]!;
    const k = row.length;
    for (let j = 0; j < k; j++) overall[row[j]!]!++;
    for (let b = 0; b < groups.length; b++) {
      const base = groupSlot.get(groups[b]!)! * n;
      for (let j = 0; j < k; j++) within[base + row[j]!]!++;
    }
  }
  const deltas: CountDelta[] = [];
  for (let c = 0; c < n; c++)
    if (overall[c]! > 0)
      deltas.push({ group: null, questionId: cells[c]!.questionId, valueKey: valueKey(cells[c]!), count: overall[c]! });
  respondents.forEach((count, q) => deltas.push({ group: null, questionId: questionIds[q]!, valueKey: '*', count }));
  for (const [g, slot] of groupSlot) {
    const groupCell = cells[g]!;
    const group = {
      question: groupCell.questionId,
      value: groupCell.item !== '' ? groupCell.item : String(groupCell.num),
    };
    for (let c = 0; c < n; c++) {
      const count = within[slot * n + c]!;
      if (count > 0) deltas.push({ group, questionId: cells[c]!.questionId, valueKey: valueKey(cells[c]!), count });
    }
  }
  return deltas;
}

export function kyselySurveyStore(db: Executor): SurveyStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  async function insertResponsesSqlite(orgId: string, surveyId: string, rows: ResponseTuple[]) {
    await sql`insert into survey_responses (id, org_id, survey_id, status, resume_key, invitation_id, respondent_email,
        language, seed, source, started_day, submitted_day, submitted_at, answers)
      select r.value ->> 0, ${orgId}, ${surveyId}, 'submitted', null, null, r.value ->> 1, r.value ->> 2, r.value ->> 3,
        'import', r.value ->> 4, r.value ->> 4, r.value ->> 5, r.value ->> 6
      from json_each(${JSON.stringify(rows)}) as r`.execute(db);
  }

  async function insertResponsesPg(orgId: string, surveyId: string, rows: ResponseTuple[]) {
    const column = <K extends number>(k: K) => rows.map((r) => r[k]);
    await sql`insert into survey_responses (id, org_id, survey_id, status, resume_key, invitation_id, respondent_email,
        language, seed, source, started_day, submitted_day, submitted_at, answers)
      select r.id, ${orgId}, ${surveyId}, 'submitted', null, null, r.email, r.language, r.seed, 'import', r.day, r.day, r.at,
        r.answers
      from unnest(${column(0)}::text[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::integer[],
        ${column(4)}::text[], ${column(5)}::text[], ${column(6)}::text[])
        as r(id, email, language, seed, day, at, answers)`.execute(db);
  }

  /** Adds counts, overall and within groups, to what the database holds. */
  async function bumpCounts(orgId: string, surveyId: string, deltas: readonly CountDelta[]): Promise<void> {
    const overall = deltas
      .filter((d) => d.group === null)
      .map((d) => ({
        org_id: orgId,
        survey_id: surveyId,
        question_id: d.questionId,
        value_key: d.valueKey,
        count: d.count,
      }));
    await insertChunks(overall, 5000, (chunk) =>
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
    const grouped = deltas.flatMap((d) =>
      d.group === null
        ? []
        : [
            {
              org_id: orgId,
              survey_id: surveyId,
              group_question: d.group.question,
              group_value: d.group.value,
              question_id: d.questionId,
              value_key: d.valueKey,
              count: d.count,
            },
          ],
    );
    await insertChunks(grouped, 4000, (chunk) =>
      db
        .insertInto('survey_group_counts')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['survey_id', 'group_question', 'group_value', 'question_id', 'value_key']).doUpdateSet({
            count: (eb) => eb('survey_group_counts.count', '+', eb.ref('excluded.count')),
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
          // Through the survey's own row, so the count reads the (survey_id, status) index alone.
          .where('survey_id', 'in', owned(surveyId))
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
      async addSubmitted(surveyId, responses, grouping) {
        // Set-based inserts: each statement carries thousands of responses in a
        // few parameters (a JSON array on SQLite, one array per column on
        // PostgreSQL), each response one row with its answers, so an import of
        // 100,000 responses is a few dozen statements, none compiled row by row.
        for (let i = 0; i < responses.length; i += RESPONSES_PER_INSERT) {
          const chunk = responses.slice(i, i + RESPONSES_PER_INSERT);
          const rows = chunk.map((r, k): ResponseTuple => [
            r.id,
            r.email,
            r.language,
            k + i,
            r.day,
            r.at?.toISOString() ?? null,
            packedJson(r.answers),
          ]);
          await (postgres ? insertResponsesPg(orgId, surveyId, rows) : insertResponsesSqlite(orgId, surveyId, rows));
        }
        await bumpCounts(
          orgId,
          surveyId,
          countsOf(
            responses.map((r) => r.answers),
            grouping,
          ),
        );
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
        // The text of the question's row that has one (a multiple choice keeps it on its "other" row).
        const text = postgres
          ? sql<string | null>`(select e ->> 2 from jsonb_array_elements(answers::jsonb -> ${questionId}) as e
              where e ->> 2 is not null limit 1)`
          : sql<string | null>`(select e.value ->> 2 from json_each(answers, '$."' || ${questionId} || '"') as e
              where e.value ->> 2 is not null limit 1)`;
        const rows = await db
          .selectFrom('survey_responses')
          .select(text.as('text'))
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('status', '=', 'submitted')
          // A cheap test first: only responses whose JSON holds the question's key are parsed.
          .where('answers', 'like', `%${JSON.stringify(questionId)}:%`)
          .where(text, 'is not', null)
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.map((r) => r.text as string);
      },
      async breakdown(surveyId, groupBy) {
        const rows = await db
          .selectFrom('survey_group_counts')
          .select(['group_value', 'question_id', 'value_key', 'count'])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('group_question', '=', groupBy)
          .execute();
        return rows.map((r) => ({
          group: r.group_value,
          questionId: r.question_id,
          item: r.value_key.startsWith('i:') ? r.value_key.slice(2) : '',
          num: r.value_key.startsWith('n:') ? Number(r.value_key.slice(2)) : null,
          count: Number(r.count),
        }));
      },
      async exportPage(surveyId, after, size) {
        let query = db
          .selectFrom('survey_responses')
          .select(['id', 'submitted_day', 'respondent_email', 'answers'])
          .where('org_id', '=', orgId)
          .where('survey_id', '=', surveyId)
          .where('status', '=', 'submitted')
          .orderBy('id')
          .limit(size);
        if (after) query = query.where('id', '>', after);
        const responses = await query.execute();
        return responses.map((r) => ({
          id: r.id,
          day: r.submitted_day,
          email: r.respondent_email,
          answers: unpack(r.answers),
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
          answers: null,
        })
        .execute();
    },
    async answers(responseId) {
      const row = await db
        .selectFrom('survey_responses')
        .select('answers')
        .where('id', '=', responseId)
        .executeTakeFirst();
      return unpack(row?.answers ?? null);
    },
    async saveAnswer(_orgId, _surveyId, responseId, questionId, rows) {
      const row = await db
        .selectFrom('survey_responses')
        .select('answers')
        .where('id', '=', responseId)
        .executeTakeFirstOrThrow();
      const answers = row.answers === null ? {} : (JSON.parse(row.answers) as PackedAnswers);
      if (rows.length === 0) delete answers[questionId];
      else answers[questionId] = rows.map((r) => [r.item, r.num, r.text]);
      await db
        .updateTable('survey_responses')
        .set({ answers: JSON.stringify(answers) })
        .where('id', '=', responseId)
        .execute();
    },
    async submit(responseId, day, at, grouping) {
      const response = await db
        .selectFrom('survey_responses')
        .select(['org_id', 'survey_id', 'answers'])
        .where('id', '=', responseId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('survey_responses')
        .set({ status: 'submitted', resume_key: null, submitted_day: day, submitted_at: at?.toISOString() ?? null })
        .where('id', '=', responseId)
        .execute();
      await bumpCounts(response.org_id, response.survey_id, countsOf([unpack(response.answers)], grouping));
    },
  };

  return { forOrg, tokens };
}
