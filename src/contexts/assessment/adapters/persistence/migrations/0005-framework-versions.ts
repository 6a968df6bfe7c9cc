import type { Kysely } from 'kysely';

/**
 * Framework versions that never collide: the revision of the file a version
 * was imported from (beside the standard's version), a requirement's own
 * reference when its id had to differ and its publisher's urn, where a
 * withdrawn requirement went,
 * and the version each organisation marks as what a plain framework id
 * means.
 *
 * Frozen in time: later schema changes go in new migrations, never here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assessment_frameworks').addColumn('revision', 'text').execute();
  await db.schema.alterTable('assessment_requirements').addColumn('label', 'text').execute();
  await db.schema.alterTable('assessment_requirements').addColumn('incorporated_into', 'text').execute();
  await db.schema.alterTable('assessment_requirements').addColumn('urn', 'text').execute();
  await db.schema
    .createTable('assessment_framework_defaults')
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('framework_key', 'text', (c) => c.notNull())
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id').onDelete('cascade'))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_framework_defaults_pk', ['org_id', 'framework_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_framework_defaults').execute();
  await db.schema.alterTable('assessment_requirements').dropColumn('urn').execute();
  await db.schema.alterTable('assessment_requirements').dropColumn('incorporated_into').execute();
  await db.schema.alterTable('assessment_requirements').dropColumn('label').execute();
  await db.schema.alterTable('assessment_frameworks').dropColumn('revision').execute();
}
