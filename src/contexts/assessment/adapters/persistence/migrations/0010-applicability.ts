import type { Kysely } from 'kysely';

/**
 * The Statement of Applicability: per assessment and requirement (an ISO
 * 27001 Annex A control, say), whether it applies, the reasons for including
 * it (a JSON array of risk, legal, contract, business) and the written
 * justification for including or excluding it. `organization_id` names the
 * tenant on the row itself, for row-level security.
 *
 * Frozen in time: later schema changes go in new migrations, never here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assessment_applicability')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessment_assessments.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('assessment_frameworks.id'))
    .addColumn('requirement_ref', 'text', (c) => c.notNull())
    .addColumn('applicable', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_applicability_pk', ['assessment_id', 'framework_id', 'requirement_ref'])
    .execute();
  await db.schema
    .createIndex('assessment_applicability_org')
    .on('assessment_applicability')
    .columns(['organization_id', 'assessment_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_applicability').execute();
}
