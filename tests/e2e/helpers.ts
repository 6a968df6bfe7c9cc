import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { DialectUnderTest, TestDatabase } from '../support/databases.js';
import { baseEnv, type Env, type SpawnResult, spawnRenfe } from './spawn.js';

export const PASSWORD = 'correct horse battery staple';

/** A Node stack frame line, as `--debug` prints them. */
export const STACK_FRAME = /^\s+at .+/m;

/** Everything worth seeing when an assertion on a run fails. */
export function describeRun(r: SpawnResult): string {
  return `renfe ${r.args.join(' ')} -> exit ${r.code ?? r.signal}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

export function expectExit(r: SpawnResult, code: number): SpawnResult {
  expect(r.code, describeRun(r)).toBe(code);
  return r;
}

/** Non-empty lines of a stream. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: Env;
}

/**
 * One person at one machine: their own HOME and XDG directories, hence their own
 * config file and login sessions. RENFE_CONFIG_DIR and RENFE_DATA_DIR are never set,
 * so the CLI's default locations under HOME/XDG are what is exercised.
 */
export class Person {
  readonly home: string;
  readonly configHome: string;
  readonly dataHome: string;

  constructor(
    readonly dir: string,
    private readonly extraEnv: Env,
  ) {
    this.home = join(dir, 'home');
    this.configHome = join(dir, 'xdg-config');
    this.dataHome = join(dir, 'xdg-data');
    for (const d of [this.home, this.configHome, this.dataHome]) mkdirSync(d, { recursive: true });
  }

  get configFile(): string {
    return join(this.configHome, 'renfe', 'config.json');
  }

  get defaultDatabase(): string {
    return join(this.dataHome, 'renfe', 'renfe.db');
  }

  env(extra: Env = {}): Env {
    return {
      ...baseEnv(),
      HOME: this.home,
      XDG_CONFIG_HOME: this.configHome,
      XDG_DATA_HOME: this.dataHome,
      ...this.extraEnv,
      ...extra,
    };
  }

  run(args: readonly string[], options: RunOptions = {}): Promise<SpawnResult> {
    return spawnRenfe(args, {
      env: this.env(options.env),
      cwd: this.home,
      ...(options.input !== undefined ? { input: options.input } : {}),
    });
  }

  /** Runs and insists on exit 0. */
  async ok(args: readonly string[], options: RunOptions = {}): Promise<SpawnResult> {
    return expectExit(await this.run(args, options), 0);
  }

  /** Runs with `--json`, insists on exit 0 and parses stdout. */
  async json<T = any>(args: readonly string[], options: RunOptions = {}): Promise<T> {
    const r = await this.ok(['--json', ...args], options);
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new Error(`stdout is not JSON\n${describeRun(r)}`);
    }
  }

  /** Runs with `--json` expecting failure; returns the run and the parsed stderr error. */
  async jsonError(
    args: readonly string[],
    code: number,
    options: RunOptions = {},
  ): Promise<{ run: SpawnResult; error: ErrorJson }> {
    const r = expectExit(await this.run(['--json', ...args], options), code);
    try {
      return { run: r, error: (JSON.parse(r.stderr) as { error: ErrorJson }).error };
    } catch {
      throw new Error(`stderr is not a JSON error\n${describeRun(r)}`);
    }
  }
}

export interface ErrorJson {
  code: string;
  kind: string;
  message: string;
  hint: string | null;
}

/** A temporary directory per test, removed when the test finishes (pass or fail). */
export class Sandbox {
  readonly root: string;
  /** The database people share (through RENFE_DATABASE_URL) unless they opt out. */
  readonly database: string;

  /** The dialect of the shared database. */
  readonly dialect: 'sqlite' | 'postgres';

  private constructor(database?: TestDatabase & { readonly dialect: 'sqlite' | 'postgres' }) {
    this.root = mkdtempSync(join(tmpdir(), 'renfe-e2e-'));
    this.database = database?.url ?? join(this.root, 'shared', 'renfe.db');
    this.dialect = database?.dialect ?? 'sqlite';
  }

  /** A sandbox whose shared database is a SQLite file inside it. */
  static create(): Sandbox {
    const sandbox = new Sandbox();
    onTestFinished(() => rmSync(sandbox.root, { recursive: true, force: true }));
    return sandbox;
  }

  /**
   * A sandbox whose shared database is a fresh one of the dialect (a SQLite
   * file, or a PostgreSQL schema of its own), dropped when the test finishes.
   */
  static async on(dialect: DialectUnderTest): Promise<Sandbox> {
    if (dialect.name === 'sqlite') return Sandbox.create();
    const database = await dialect.fresh();
    const sandbox = new Sandbox({ url: database.url, drop: database.drop, dialect: dialect.name });
    onTestFinished(async () => {
      rmSync(sandbox.root, { recursive: true, force: true });
      await database.drop();
    });
    return sandbox;
  }

  /**
   * A person with a fresh HOME. By default they use the sandbox's shared database;
   * `defaultDatabase: true` leaves the database to the CLI's default location.
   */
  person(name: string, options: { defaultDatabase?: boolean; env?: Env } = {}): Person {
    const env: Env = options.defaultDatabase ? {} : { RENFE_DATABASE_URL: this.database };
    return new Person(join(this.root, name), { ...env, ...options.env });
  }
}

export interface InitJson {
  database: string;
  organization: { id: string; slug: string; name: string; role: string };
  user: { id: string; email: string };
}

/** `renfe init` for a new database; the person ends up logged in as its owner. */
export function initWorkspace(person: Person, org: string, email: string, password = PASSWORD): Promise<InitJson> {
  return person.json<InitJson>(['init', '--org', org, '--email', email, '--password-stdin'], {
    input: `${password}\n`,
  });
}

/** `renfe login` with the password on stdin; returns the raw run (exit code is the caller's business). */
export function login(person: Person, email: string, password = PASSWORD): Promise<SpawnResult> {
  return person.run(['login', '--email', email, '--password-stdin'], { input: `${password}\n` });
}

export interface MemberJson {
  id: string;
  email: string;
  role: string;
  status: string;
}

/** An admin adds a member (with an initial password) to an organisation. */
export function addMember(
  admin: Person,
  org: string,
  email: string,
  role: string,
  password = PASSWORD,
): Promise<MemberJson> {
  return admin.json<MemberJson>(['--org', org, 'user', 'add', '--email', email, '--role', role, '--password-stdin'], {
    input: `${password}\n`,
  });
}

export interface AuditEventJson {
  seq: number;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
}

/** Runs async tasks with at most `limit` in flight. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Every row of every table of the sandbox's shared database, as JSON text (to search for what must not be stored). */
export async function databaseText(sandbox: Sandbox): Promise<string> {
  if (sandbox.dialect === 'sqlite') {
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(sandbox.database, { readonly: true, timeout: 15_000 });
    try {
      const tables = db
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
        .all() as { name: string }[];
      return tables.map((t) => JSON.stringify(db.prepare(`select * from "${t.name}"`).all())).join('\n');
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: sandbox.database });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { name } of rows) parts.push(JSON.stringify((await client.query(`select * from "${name}"`)).rows));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
