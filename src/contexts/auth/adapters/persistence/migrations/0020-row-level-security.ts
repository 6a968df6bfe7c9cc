import { type Kysely, sql } from 'kysely';
import {
  CURRENT_ACTOR,
  CURRENT_ORG,
  grantSchemaToApplication,
  isolateTenantTables,
  isPostgres,
} from '../../../../../persistence/tenant-isolation.js';

/**
 * Row-level security on PostgreSQL (nothing on SQLite). Every table with an
 * `org_id` column is isolated by it, whatever context made it (the tables are
 * read from the catalog, so tables of migrations released before this one are
 * covered too); frameworks and mapping sets with a null organisation are the
 * shipped catalogs every organisation reads. Tables without the column are
 * tied to their organisation through their parent row, or, for accounts and
 * sessions (an account may belong to several organisations), to the acting
 * user and the current organisation's memberships.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await isolateTenantTables(db, {
    shared: ['assessment_frameworks', 'assessment_mapping_sets'],
    others: {
      auth_organizations: { by: 'column', column: 'id' },
      // One head per organisation's chain (`org:<id>`); the system chain's is reached cross-tenant only.
      audit_chain_heads: { by: 'expression', using: `audit_chain_heads.chain_key = 'org:' || ${CURRENT_ORG}` },
      auth_users: {
        by: 'expression',
        using: `('user:' || auth_users.id) = ${CURRENT_ACTOR} or exists (select 1 from auth_memberships m where m.user_id = auth_users.id)`,
      },
      auth_sessions: { by: 'expression', using: `('user:' || auth_sessions.user_id) = ${CURRENT_ACTOR}` },
      assessment_requirements: { by: 'parent', parent: 'assessment_frameworks', column: 'framework_id' },
      assessment_questions: { by: 'parent', parent: 'assessment_frameworks', column: 'framework_id' },
      assessment_mappings: { by: 'parent', parent: 'assessment_mapping_sets', column: 'set_id' },
      assessment_assessment_frameworks: { by: 'parent', parent: 'assessment_assessments', column: 'assessment_id' },
      assessment_answers: { by: 'parent', parent: 'assessment_assessments', column: 'assessment_id' },
      assessment_evidence: { by: 'parent', parent: 'assessment_assessments', column: 'assessment_id' },
      assessment_findings: { by: 'parent', parent: 'assessment_assessments', column: 'assessment_id' },
    },
  });
  // The job queue's pg-boss schema (named after this one, `jobs/adapters/queue/pg-boss-queue.ts`), when it
  // exists already; one made later gets the same privileges by default.
  if (isPostgres(db)) {
    const { rows } = await sql<{ schema: string }>`
      select nspname as schema from pg_namespace
       where nspname = left('pgboss_' || regexp_replace(lower(current_schema()), '[^a-z0-9_]', '_', 'g'), 63)`.execute(
      db,
    );
    for (const { schema } of rows) await grantSchemaToApplication(db, schema);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  const { rows } = await sql<{ table: string }>`
    select tablename as table from pg_tables where schemaname = current_schema() and rowsecurity`.execute(db);
  for (const { table } of rows) {
    await sql.raw(`alter table "${table}" no force row level security`).execute(db);
    await sql.raw(`alter table "${table}" disable row level security`).execute(db);
    for (const policy of ['tenant_isolation', 'tenant_shared_read', 'tenant_shared_insert', 'cross_tenant']) {
      await sql.raw(`drop policy if exists ${policy} on "${table}"`).execute(db);
    }
  }
}
