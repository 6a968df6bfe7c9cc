import type { Kysely } from 'kysely';

// Frozen in time: later schema changes go in new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  const org = (c: any) => c.notNull().references('auth_organizations.id').onDelete('cascade');
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', org)
    .addColumn('course_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('requirements', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('training_courses_version', ['org_id', 'course_key', 'version'])
    .execute();
  await db.schema
    .createTable('training_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', org)
    .addColumn('course_key', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('required_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('training_assignments_target', ['org_id', 'course_key', 'target_type', 'target'])
    .execute();
  await db.schema
    .createTable('training_progress')
    .addColumn('org_id', 'text', org)
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_progress_pk', ['user_id', 'course_id', 'module_id'])
    .execute();
  await db.schema
    .createTable('training_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', org)
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('course_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('passed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('annulled_at', 'text')
    .addColumn('annulled_by', 'text')
    .execute();
  // Reports group attempts by course and person over this index alone.
  await db.schema
    .createIndex('training_attempts_report')
    .on('training_attempts')
    .columns(['org_id', 'course_key', 'user_id', 'status', 'version', 'score'])
    .execute();
  await db.schema
    .createTable('training_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', org)
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('training_attempts.id'))
    .addColumn('data_hash', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_certificates').execute();
  await db.schema.dropTable('training_attempts').execute();
  await db.schema.dropTable('training_progress').execute();
  await db.schema.dropTable('training_assignments').execute();
  await db.schema.dropTable('training_courses').execute();
}
