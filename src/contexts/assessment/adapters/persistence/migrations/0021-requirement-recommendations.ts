import type { Kysely } from 'kysely';

/**
 * A requirement's written recommendation (what to put in place and the
 * evidence to keep, a localized JSON text), so a stored catalog holds it as
 * its file does. Catalogs stored before it keep null there and their findings
 * fall back to the statement and the questions' guidance.
 *
 * Frozen in time: later schema changes go in new migrations, never here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assessment_requirements').addColumn('recommendation', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assessment_requirements').dropColumn('recommendation').execute();
}
