import type { Kysely } from 'kysely';

/**
 * Organisation login policies (lockout and session length, set by owners and
 * admins), and each audit entry's authentication code: an HMAC with the audit
 * key, which is kept outside the database.
 */
// Frozen in time: later schema changes go in new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_org_policies')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('max_failures', 'integer', (c) => c.notNull())
    .addColumn('window_minutes', 'integer', (c) => c.notNull())
    .addColumn('lock_minutes', 'integer', (c) => c.notNull())
    .addColumn('session_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.alterTable('audit_events').addColumn('mac', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('mac').execute();
  await db.schema.dropTable('auth_org_policies').execute();
}
