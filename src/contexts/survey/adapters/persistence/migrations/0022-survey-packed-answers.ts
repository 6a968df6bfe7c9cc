import { type Kysely, sql } from 'kysely';
import { isolateTenantTable } from '../../../../../persistence/tenant-isolation.js';

// Frozen in time: later schema changes go in new migrations, never here.
//
// A response's answers move from one row per answer (`survey_answers`) into
// the response's own row (`survey_responses.answers`: JSON, question id ->
// [[item, num, text], ...], the rows the answer used to be). Breakdowns read
// counts kept per group (`survey_group_counts`: for every question that can
// group respondents and each of its values, the count of each value of every
// question among those respondents), as results already read `survey_counts`.

/** Question types whose answer puts a respondent in exactly one group, as of this migration. */
const GROUPING_TYPES = new Set(['likert', 'rating', 'nps', 'single_choice', 'yes_no']);

type Row = [string, number | null, string | null];

const valueKey = (r: Row) => (r[1] !== null ? `n:${Number(r[1])}` : `i:${r[0]}`);
const groupValue = (r: Row) => (r[0] !== '' ? r[0] : String(Number(r[1])));

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('survey_responses').addColumn('answers', 'text').execute();
  await db.schema
    .createTable('survey_group_counts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey_surveys.id').onDelete('cascade'))
    .addColumn('group_question', 'text', (c) => c.notNull())
    .addColumn('group_value', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_group_counts_pk', [
      'survey_id',
      'group_question',
      'group_value',
      'question_id',
      'value_key',
    ])
    .execute();
  await isolateTenantTable(db, 'survey_group_counts', { by: 'column', column: 'org_id' });

  const surveys = await db.selectFrom('survey_surveys').select(['id', 'org_id', 'definition']).execute();
  for (const survey of surveys) {
    const definition = JSON.parse(survey.definition) as { questions?: { id: string; type: string }[] };
    const grouping = new Set((definition.questions ?? []).filter((q) => GROUPING_TYPES.has(q.type)).map((q) => q.id));
    const counts = new Map<string, number>();
    let after = '';
    for (;;) {
      const responses = await db
        .selectFrom('survey_responses')
        .select(['id', 'status'])
        .where('survey_id', '=', survey.id)
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (responses.length === 0) break;
      after = responses[responses.length - 1]!.id;
      const rows = await db
        .selectFrom('survey_answers')
        .select(['response_id', 'question_id', 'item', 'num', 'text'])
        .where(
          'response_id',
          'in',
          responses.map((r) => r.id),
        )
        .orderBy('response_id')
        .orderBy('question_id')
        .orderBy('item')
        .execute();
      const packed = new Map<string, Record<string, Row[]>>();
      for (const a of rows) {
        const answers = packed.get(a.response_id) ?? {};
        (answers[a.question_id] ??= []).push([a.item, a.num === null ? null : Number(a.num), a.text]);
        packed.set(a.response_id, answers);
      }
      for (const r of responses) {
        const answers = packed.get(r.id);
        if (!answers) continue;
        await db
          .updateTable('survey_responses')
          .set({ answers: JSON.stringify(answers) })
          .where('id', '=', r.id)
          .execute();
        if (r.status !== 'submitted') continue;
        for (const [g, groupRows] of Object.entries(answers)) {
          const first = groupRows[0];
          if (!grouping.has(g) || groupRows.length !== 1 || !first) continue;
          for (const [q, valueRows] of Object.entries(answers)) {
            for (const v of valueRows) {
              const key = JSON.stringify([g, groupValue(first), q, valueKey(v)]);
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
          }
        }
      }
    }
    const values = [...counts].map(([key, count]) => {
      const [g, gv, q, v] = JSON.parse(key) as [string, string, string, string];
      return {
        org_id: survey.org_id,
        survey_id: survey.id,
        group_question: g,
        group_value: gv,
        question_id: q,
        value_key: v,
        count,
      };
    });
    for (let i = 0; i < values.length; i += 500)
      await db
        .insertInto('survey_group_counts')
        .values(values.slice(i, i + 500))
        .execute();
  }
  await db.schema.dropTable('survey_answers').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_answers')
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey_surveys.id').onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('num', 'real')
    .addColumn('text', 'text')
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_id', 'item'])
    .execute();
  await db.schema
    .createIndex('survey_answers_question')
    .on('survey_answers')
    .columns(['survey_id', 'question_id', 'final', 'response_id'])
    .execute();
  const responses = await db
    .selectFrom('survey_responses')
    .select(['id', 'org_id', 'survey_id', 'status', 'answers'])
    .where('answers', 'is not', null)
    .execute();
  for (const r of responses) {
    const answers = JSON.parse(r.answers as string) as Record<string, Row[]>;
    const values = Object.entries(answers).flatMap(([q, rows]) =>
      rows.map(([item, num, text]) => ({
        org_id: r.org_id,
        survey_id: r.survey_id,
        response_id: r.id,
        question_id: q,
        item,
        num,
        text,
        final: r.status === 'submitted' ? 1 : 0,
      })),
    );
    if (values.length > 0) await db.insertInto('survey_answers').values(values).execute();
  }
  await db.schema.dropTable('survey_group_counts').execute();
  await db.schema.alterTable('survey_responses').dropColumn('answers').execute();
  void sql;
}
