import type { Kysely } from 'kysely';

/** Organisation login policies: lockout and session length, set by owners and admins. */
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_org_policies').execute();
}
