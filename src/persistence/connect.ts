import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  SqliteDialect,
  SqliteDriver,
  type TransactionSettings,
} from 'kysely';
import { PERSISTENCE_ERRORS } from './errors.js';
import { maskSecrets } from '../kernel/mask-secrets.js';
import { currentTenantScope } from '../kernel/tenant-scope.js';
import { APP_ROLE, CROSS_TENANT_ROLE } from './tenant-isolation.js';
import type { Database, DatabaseHandle } from './database.js';

/** The only module that imports the database drivers. */

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string };

/** A file path, `sqlite:<path>`, `file:<path>` or `postgres(ql)://...`. */
export function parseDatabaseTarget(input: string): DatabaseTarget {
  const value = input.trim();
  if (value === '') {
    throw PERSISTENCE_ERRORS.badUrl({ problem: 'empty database URL' });
  }
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw PERSISTENCE_ERRORS.badUrl({ problem: `malformed PostgreSQL URL: ${redactUrl(value)}` });
    }
    return { dialect: 'postgres', connectionString: value };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'file') {
    const path = value.slice(scheme.length + 1).replace(/^\/\/(?=\/)/, '');
    if (!path) throw PERSISTENCE_ERRORS.badUrl({ problem: `no file path in ${maskSecrets(value)}` });
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (scheme && scheme.length > 1) {
    throw PERSISTENCE_ERRORS.badUrl(
      { problem: `unsupported database URL scheme "${scheme}:" in ${redactUrl(value)}` },
      { hint: 'use a file path, sqlite:<path> or postgres://user@host:port/database' },
    );
  }
  return { dialect: 'sqlite', path: value === ':memory:' ? value : resolve(value) };
}

/** A URL as it may be shown (`kernel/mask-secrets.ts`: userinfo and secret parameters masked). */
export const redactUrl = maskSecrets;

export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'sqlite' ? target.path : redactUrl(target.connectionString);
}

/**
 * SQLite's default deferred transactions fail at once with SQLITE_BUSY when two
 * processes both read then write; BEGIN IMMEDIATE takes the write lock up front
 * so the busy timeout queues writers instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * The role, organisation, actor and cross-tenant purpose of the current call
 * (`kernel/tenant-scope.ts`): a call under a scope runs as the application
 * role (or the cross-tenant one), which owns no table, so row-level security
 * applies to it even when the URL names the tables' owner or a superuser; no
 * scope (migrations, schema checks) runs as the connecting user.
 */
function scopeSettings(): readonly [role: string, orgId: string, actor: string, purpose: string] {
  const scope = currentTenantScope();
  if (!scope) return ['none', '', '', ''];
  return scope.kind === 'tenant'
    ? [APP_ROLE, scope.orgId, scope.actor, '']
    : [CROSS_TENANT_ROLE, '', scope.actor, scope.purpose];
}

const SETTINGS_SQL = (local: boolean) =>
  `select set_config('role', $1, ${local}), set_config('app.org_id', $2, ${local}), ` +
  `set_config('app.actor', $3, ${local}), set_config('app.cross_tenant', $4, ${local})`;

/**
 * Every checkout of a pooled connection takes the settings of the call that
 * checks it out (a read outside a transaction runs under them; the next
 * checkout replaces all four, so nothing carries over from the previous
 * user of the connection), and every transaction sets them again with
 * SET LOCAL semantics as its first statement.
 */
class ScopedPostgresDriver extends PostgresDriver {
  override async acquireConnection() {
    const connection = await super.acquireConnection();
    try {
      await connection.executeQuery(CompiledQuery.raw(SETTINGS_SQL(false), [...scopeSettings()]));
    } catch (error) {
      await super.releaseConnection(connection as Parameters<PostgresDriver['releaseConnection']>[0]);
      throw error;
    }
    return connection;
  }
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(SETTINGS_SQL(true), [...scopeSettings()]));
  }
}

class ScopedPostgresDialect extends PostgresDialect {
  readonly #config: ConstructorParameters<typeof PostgresDialect>[0];
  constructor(config: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ScopedPostgresDriver(this.#config);
  }
}

/**
 * `create: false` refuses to create a missing SQLite file, so a read before
 * `renfe init` leaves nothing behind.
 */
export async function connect(target: DatabaseTarget, options: { create?: boolean } = {}): Promise<DatabaseHandle> {
  return target.dialect === 'sqlite'
    ? connectSqlite(target.path, options.create ?? true)
    : connectPostgres(target.connectionString);
}

/**
 * Creates missing parent folders one level at a time: Node 20's recursive
 * mkdir never returns on some paths (e.g. under /proc).
 */
function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d, { mode: 0o700 });
}

async function connectSqlite(path: string, create: boolean): Promise<DatabaseHandle> {
  if (!create && path !== ':memory:' && !existsSync(path)) {
    throw PERSISTENCE_ERRORS.notInitialised(
      { problem: `no renfe database at ${path}` },
      { hint: 'run `renfe init` to create a workspace, or pass --db' },
    );
  }
  const { default: SqliteDatabase } = await import('better-sqlite3');
  let sqlite: import('better-sqlite3').Database;
  try {
    const fresh = path !== ':memory:' && !existsSync(path);
    if (fresh) makeParents(dirname(path));
    sqlite = new SqliteDatabase(path, { timeout: 15_000 });
    // It holds password and token hashes: owner only (SQLite gives -wal and -shm the same mode).
    if (fresh) chmodSync(path, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 15000');
    sqlite.pragma('synchronous = NORMAL');
    // 64 MiB of page cache (the default is 2 MiB): bulk imports touch large indexes.
    sqlite.pragma('cache_size = -65536');
  } catch (error) {
    throw PERSISTENCE_ERRORS.unavailable({
      problem: `cannot open SQLite database ${path}: ${(error as Error).message}`,
    });
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return {
    db,
    capabilities: { name: 'sqlite', rowLocks: false },
    location: path,
    close: () => db.destroy(),
  };
}

async function connectPostgres(connectionString: string): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => {});
  const location = redactUrl(connectionString);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw PERSISTENCE_ERRORS.unavailable({ problem: `cannot connect to PostgreSQL at ${location}: ${reason}` });
  }
  const db = new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }) });
  return {
    db,
    capabilities: { name: 'postgres', rowLocks: true },
    location,
    close: () => db.destroy(),
  };
}
