import type { Kysely } from 'kysely';

// Frozen in time: later schema changes go in new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('survey_surveys_version', ['org_id', 'survey_key', 'version'])
    .execute();
  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey_surveys.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('opened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_at', 'text')
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('survey_invitations_survey').on('survey_invitations').columns(['survey_id']).execute();
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey_surveys.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resume_key', 'text', (c) => c.unique())
    .addColumn('invitation_id', 'text')
    .addColumn('respondent_email', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('started_day', 'text', (c) => c.notNull())
    .addColumn('submitted_day', 'text')
    .addColumn('submitted_at', 'text')
    .execute();
  await db.schema
    .createIndex('survey_responses_survey')
    .on('survey_responses')
    .columns(['survey_id', 'status'])
    .execute();
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
  // Each value's count, kept in the transaction that submits or imports a response: results read these rows.
  await db.schema
    .createTable('survey_counts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('survey_surveys.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_counts_pk', ['survey_id', 'question_id', 'value_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_counts').execute();
  await db.schema.dropTable('survey_answers').execute();
  await db.schema.dropTable('survey_responses').execute();
  await db.schema.dropTable('survey_invitations').execute();
  await db.schema.dropTable('survey_surveys').execute();
}
