import { type DatabaseIntrospector, type Kysely, type Migration, Migrator, PostgresAdapter, sql } from 'kysely';
import type { AppError } from '../kernel/app-error.js';
import { PERSISTENCE_ERRORS } from './errors.js';

export const MIGRATION_TABLE = 'renfe_migration';
const LOCK_TABLE = 'renfe_migration_lock';

/** Every migration of every context module, by name; names sort in the order they run. */
export type Migrations = Readonly<Record<string, Migration>>;

export interface SchemaState {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  /** Applied in the database but unknown to this version of renfe: the schema is newer. */
  readonly unknown: readonly string[];
}

/**
 * On PostgreSQL the migration tables are pinned to the current schema: left
 * unqualified, kysely would take tables of the same name in any other schema
 * of the database as its own.
 */
async function migrator(db: Kysely<any>, migrations: Migrations): Promise<Migrator> {
  let schema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    schema = rows[0]?.schema;
  }
  return new Migrator({
    db: schema ? withSchemaIntrospection(db, schema) : withTransactionalDdl(db),
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * The database as the migrator sees it, its catalog questions ("does the
 * schema exist", "does the migration table exist") answered for this one
 * schema. kysely's own introspection reads every column of every schema on
 * the server, and fails when another database's schema is dropped while it
 * reads (`schema "…" does not exist`): several renfe databases may share one
 * PostgreSQL server.
 */
function withSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string }>`
        select c.relname as name from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return overriding(db, { introspection });
}

/** `target` with some properties replaced; its own methods stay bound to it. */
function overriding<T extends object>(target: T, replaced: Readonly<Record<string | symbol, unknown>>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property];
      const value: unknown = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * SQLite creates and alters tables inside a transaction, but kysely's SQLite
 * adapter says it cannot, so its migrator would run each migration's
 * statements one by one: a process killed in the middle of a migration left
 * its first tables behind, unrecorded, and the next run failed on "table
 * already exists". Told the truth, the migrator runs the pending migrations
 * and their records in one transaction: all of them or none.
 */
function withTransactionalDdl(db: Kysely<any>): Kysely<any> {
  const executor = db.getExecutor();
  const adapter = overriding(executor.adapter, { supportsTransactionalDdl: true });
  const transactional = overriding(executor, { adapter });
  return overriding(db, { getExecutor: () => transactional });
}

export async function readSchemaState(db: Kysely<any>, migrations: Migrations): Promise<SchemaState> {
  let applied: string[];
  try {
    const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
    applied = rows.map((r) => String(r.name));
  } catch (error) {
    // Only a missing table means a database without renfe; any other failure is real.
    if (!isMissingTable(error)) throw error;
    applied = [];
  }
  const known = Object.keys(migrations).sort();
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}

export async function migrateToLatest(db: Kysely<any>, migrations: Migrations): Promise<string[]> {
  const state = await readSchemaState(db, migrations);
  if (state.unknown.length > 0) throw schemaNewerError(state);
  const { error, results } = await (await migrator(db, migrations)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw PERSISTENCE_ERRORS.migrationFailed({ name: failed, reason: (error as Error).message });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function schemaNewerError(state: SchemaState): AppError {
  return PERSISTENCE_ERRORS.schemaNewer({ names: state.unknown.join(', ') });
}

export function schemaBehindError(state: SchemaState): AppError {
  if (state.applied.length === 0) {
    return PERSISTENCE_ERRORS.notInitialised({ problem: 'the database has no renfe schema' });
  }
  return PERSISTENCE_ERRORS.schemaBehind({
    pending: `${state.pending.length} pending migration${state.pending.length === 1 ? '' : 's'}`,
  });
}

function isMissingTable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '42P01' || /no such table/i.test(e.message ?? '');
}
