import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: later schema changes go in new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const real = postgres ? sql`double precision` : sql`real`;
  const blob = postgres ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('assessment_frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.references('auth_organizations.id').onDelete('cascade'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('framework_key', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('source', 'text')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('license_note', 'text')
    .addColumn('description', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('requirement_count', 'integer', (c) => c.notNull())
    .addColumn('question_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_frameworks_version_uq', ['scope_key', 'framework_key', 'version'])
    .execute();

  await db.schema
    .createTable('assessment_requirements')
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('parent_ref', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('weight', real, (c) => c.notNull())
    .addColumn('applicability', 'text')
    .addColumn('withdrawn', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_requirements_pk', ['framework_id', 'ref'])
    .execute();

  await db.schema
    .createTable('assessment_questions')
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id').onDelete('cascade'))
    .addColumn('qid', 'text', (c) => c.notNull())
    .addColumn('requirement_ref', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text')
    .addColumn('evidence', 'text')
    .addColumn('weight', real, (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_questions_pk', ['framework_id', 'qid'])
    .execute();

  await db.schema
    .createTable('assessment_mapping_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.references('auth_organizations.id').onDelete('cascade'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source_framework', 'text', (c) => c.notNull())
    .addColumn('source_version', 'text')
    .addColumn('target_framework', 'text', (c) => c.notNull())
    .addColumn('target_version', 'text')
    .addColumn('informative', 'integer', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('description', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_mapping_sets_uq', ['scope_key', 'set_key'])
    .execute();

  await db.schema
    .createTable('assessment_mappings')
    .addColumn('set_id', 'text', (c) => c.notNull().references('assessment_mapping_sets.id').onDelete('cascade'))
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text')
    .addPrimaryKeyConstraint('assessment_mappings_pk', ['set_id', 'source_ref', 'target_ref'])
    .execute();

  await db.schema
    .createTable('assessment_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target_level', real, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sealed_hash', 'text')
    .addColumn('sealed_at', 'text')
    .execute();
  await db.schema.createIndex('assessment_assessments_org_idx').on('assessment_assessments').column('org_id').execute();

  await db.schema
    .createTable('assessment_assessment_frameworks')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessment_assessments.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_assessment_frameworks_pk', ['assessment_id', 'framework_id'])
    .execute();

  await db.schema
    .createTable('assessment_answers')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessment_assessments.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('qid', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_answers_pk', ['assessment_id', 'framework_id', 'qid'])
    .execute();

  await db.schema
    .createTable('assessment_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessment_assessments.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('qid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('size', 'integer')
    .addColumn('content', blob)
    .addColumn('url', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_evidence_assessment_idx')
    .on('assessment_evidence')
    .column('assessment_id')
    .execute();

  await db.schema
    .createTable('assessment_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessment_assessments.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('requirement_ref', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_findings_uq', ['assessment_id', 'framework_id', 'requirement_ref'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'assessment_findings',
    'assessment_evidence',
    'assessment_answers',
    'assessment_assessment_frameworks',
    'assessment_assessments',
    'assessment_mappings',
    'assessment_mapping_sets',
    'assessment_questions',
    'assessment_requirements',
    'assessment_frameworks',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
