import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Row-level security on PostgreSQL (docs/security.md, "Tenant isolation in
 * the database"). The tables belong to the role that runs the migrations; the
 * application's units of work run as one of two roles that own nothing, so
 * the policies bind them even when the connection URL names the owner or a
 * superuser (`connect.ts` switches role at the start of each one):
 *
 * - `renfe_app`: one organisation's rows, the one in `app.org_id`;
 * - `renfe_cross_tenant`: the few paths that must reach several
 *   organisations (`kernel/tenant-scope.ts` lists them), only while
 *   `app.cross_tenant` names the purpose.
 *
 * Migrations that add a tenant table call `isolateTenantTable` for it (or
 * `isolateTenantTables` for every table with an `org_id` column);
 * `tests/persistence/row-level-security.test.ts` fails on any table of the
 * schema that has no policy. SQLite has no row-level security: every helper
 * here does nothing there.
 */
export const APP_ROLE = 'renfe_app';
export const CROSS_TENANT_ROLE = 'renfe_cross_tenant';

/** The names an organisation column goes by (the first contexts wrote `org_id`, later ones `organization_id`). */
export const ORGANIZATION_COLUMNS = ['org_id', 'organization_id'] as const;

/** Tables that belong to the migrator, never to the application roles. */
export const MIGRATION_TABLES = ['renfe_migration', 'renfe_migration_lock'] as const;

/** How a table's rows are tied to an organisation. */
export type TenantIsolation =
  /** A column holding the organisation's id (`org_id` unless named). `shared`: rows with a null organisation are shipped data every organisation may read and add. */
  | { readonly by: 'column'; readonly column?: string; readonly shared?: boolean }
  /** No organisation column: a row is visible when its parent row is (the parent's own policy decides). */
  | { readonly by: 'parent'; readonly parent: string; readonly column: string; readonly parentColumn?: string }
  /** An expression of its own (identity tables such as users and sessions). */
  | { readonly by: 'expression'; readonly using: string };

export const CURRENT_ORG = `current_setting('app.org_id', true)`;
export const CURRENT_ACTOR = `current_setting('app.actor', true)`;

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

/**
 * The two roles (cluster-wide, created once, NOLOGIN), membership of the
 * migrating user in them (so it may switch to them), their privileges on the
 * current schema, and the same privileges on tables the migrating user
 * creates later.
 */
export async function ensureApplicationRoles(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const role of [APP_ROLE, CROSS_TENANT_ROLE]) {
    // Several databases on one server may run this at the same moment.
    await sql
      .raw(
        `do $$ begin
           if not exists (select 1 from pg_roles where rolname = '${role}') then
             create role ${ident(role)} nologin noinherit;
           end if;
         exception when duplicate_object or unique_violation then null;
         end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `do $$ begin
           if not pg_has_role(current_user, '${role}', 'MEMBER') then
             execute format('grant %I to %I', '${role}', current_user);
           end if;
         exception when unique_violation then null;
         end $$`,
      )
      .execute(db);
  }
  const schema = await currentSchema(db);
  const roles = `${ident(APP_ROLE)}, ${ident(CROSS_TENANT_ROLE)}`;
  for (const statement of [
    `grant usage on schema ${ident(schema)} to ${roles}`,
    `grant select, insert, update, delete on all tables in schema ${ident(schema)} to ${roles}`,
    `grant usage, select, update on all sequences in schema ${ident(schema)} to ${roles}`,
    `alter default privileges in schema ${ident(schema)} grant select, insert, update, delete on tables to ${roles}`,
    `alter default privileges in schema ${ident(schema)} grant usage, select, update on sequences to ${roles}`,
    // Schemas and tables the migrating user creates at run time (the job queue's pg-boss schema).
    `alter default privileges grant usage on schemas to ${roles}`,
    `alter default privileges grant select, insert, update, delete on tables to ${roles}`,
    `alter default privileges grant usage, select, update on sequences to ${roles}`,
    ...MIGRATION_TABLES.map((t) => `revoke all on ${ident(schema)}.${ident(t)} from ${roles}`),
  ]) {
    await sql.raw(statement).execute(db);
  }
}

/** Grants the application roles what they need on a schema created outside the migrations (e.g. the job queue's). */
export async function grantSchemaToApplication(db: Kysely<any>, schema: string): Promise<void> {
  if (!isPostgres(db)) return;
  const roles = `${ident(APP_ROLE)}, ${ident(CROSS_TENANT_ROLE)}`;
  for (const statement of [
    `grant usage on schema ${ident(schema)} to ${roles}`,
    `grant select, insert, update, delete on all tables in schema ${ident(schema)} to ${roles}`,
    `grant usage, select, update on all sequences in schema ${ident(schema)} to ${roles}`,
    `grant execute on all functions in schema ${ident(schema)} to ${roles}`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

/**
 * Enables and forces row-level security on one table and (re)creates its
 * policies: the application role's, tied to `app.org_id` as `isolation`
 * says, and the cross-tenant role's, open only while a purpose is set.
 */
export async function isolateTenantTable(
  db: Kysely<any>,
  table: string,
  isolation: TenantIsolation = { by: 'column' },
): Promise<void> {
  if (!isPostgres(db)) return;
  const t = ident(table);
  const statements = [
    `alter table ${t} enable row level security`,
    `alter table ${t} force row level security`,
    `drop policy if exists tenant_isolation on ${t}`,
    `drop policy if exists tenant_shared_read on ${t}`,
    `drop policy if exists tenant_shared_insert on ${t}`,
    `drop policy if exists cross_tenant on ${t}`,
  ];
  if (isolation.by === 'column') {
    const column = ident(isolation.column ?? 'org_id');
    const own = `${column} = ${CURRENT_ORG}`;
    statements.push(
      `create policy tenant_isolation on ${t} as permissive for all to ${ident(APP_ROLE)} using (${own}) with check (${own})`,
    );
    if (isolation.shared) {
      statements.push(
        `create policy tenant_shared_read on ${t} as permissive for select to ${ident(APP_ROLE)} using (${column} is null)`,
        `create policy tenant_shared_insert on ${t} as permissive for insert to ${ident(APP_ROLE)} with check (${column} is null)`,
      );
    }
  } else {
    const using =
      isolation.by === 'parent'
        ? `exists (select 1 from ${ident(isolation.parent)} p where p.${ident(isolation.parentColumn ?? 'id')} = ${t}.${ident(isolation.column)})`
        : isolation.using;
    statements.push(
      `create policy tenant_isolation on ${t} as permissive for all to ${ident(APP_ROLE)} using (${using}) with check (${using})`,
    );
  }
  const purpose = `coalesce(current_setting('app.cross_tenant', true), '') <> ''`;
  statements.push(
    `create policy cross_tenant on ${t} as permissive for all to ${ident(CROSS_TENANT_ROLE)} using (${purpose}) with check (${purpose})`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * Isolates every table of the current schema that has an organisation column
 * (`org_id` or `organization_id`)
 * (by that column; `shared` names those whose null rows are shipped data) and
 * the tables `others` lists, then grants the application roles their
 * privileges. Tables already isolated get their policies again.
 */
export async function isolateTenantTables(
  db: Kysely<any>,
  options: {
    readonly shared?: readonly string[];
    readonly others?: Readonly<Record<string, TenantIsolation>>;
  } = {},
): Promise<string[]> {
  if (!isPostgres(db)) return [];
  await ensureApplicationRoles(db);
  const { rows } = await sql<{ table: string; column: string }>`
    select c.table_name as table, min(c.column_name) as column
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and c.column_name in (${sql.join(ORGANIZATION_COLUMNS.map((n) => sql.lit(n)))})
       and t.table_type = 'BASE TABLE'
     group by c.table_name
     order by c.table_name`.execute(db);
  const done: string[] = [];
  for (const { table, column } of rows) {
    if (options.others?.[table]) continue;
    await isolateTenantTable(db, table, { by: 'column', column, shared: options.shared?.includes(table) ?? false });
    done.push(table);
  }
  for (const [table, isolation] of Object.entries(options.others ?? {})) {
    await isolateTenantTable(db, table, isolation);
    done.push(table);
  }
  return done;
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('no current schema');
  return schema;
}
