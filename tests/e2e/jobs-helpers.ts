import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from '../support/databases.js';
import { PASSWORD } from './helpers.js';
import { baseEnv, type Env, RENFE_BIN, type SpawnResult, spawnRenfe } from './spawn.js';

/** A workspace for the job tests: one config folder and database, any number of processes on them. */
export class JobsWorkspace {
  readonly dir: string;
  readonly env: Env;
  readonly children = new Set<ChildProcess>();

  constructor(readonly database: TestDatabase) {
    this.dir = mkdtempSync(join(tmpdir(), 'renfe-jobs-'));
    this.env = {
      ...baseEnv(),
      HOME: this.dir,
      RENFE_CONFIG_DIR: join(this.dir, 'config'),
      RENFE_DATABASE_URL: database.url,
      NO_COLOR: '1',
    };
  }

  run(args: readonly string[], input?: string, timeoutMs = 60_000): Promise<SpawnResult> {
    return spawnRenfe(args, { env: this.env, cwd: this.dir, timeoutMs, ...(input === undefined ? {} : { input }) });
  }

  async init(): Promise<void> {
    const r = await this.run(
      ['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  }

  /** A long-running `renfe worker`: its stderr so far, and its exit. */
  worker(args: readonly string[] = []): RunningProcess {
    const child = spawn(process.execPath, [RENFE_BIN, 'worker', ...args], {
      cwd: this.dir,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => {
        this.children.delete(child);
        resolve({ code, signal });
      }),
    );
    return { child, stderr: () => stderr, exited };
  }

  /** Rows from the workspace's database (SQLite file or PostgreSQL schema). */
  async query<T>(text: string): Promise<T[]> {
    if (this.database.url.startsWith('postgres')) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: this.database.url });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    }
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(this.database.url, { readonly: true, timeout: 15_000 });
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  }

  /** The jobs of the organisation, as `renfe jobs list --json` prints them. */
  async jobs(): Promise<{ id: string; state: string; attempts: number; lastError: string | null }[]> {
    const r = await this.run(['jobs', 'list', '--json', 'id,state,attempts,lastError', '--limit', '100000']);
    if (r.code !== 0) throw new Error(`jobs list failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { id: string; state: string; attempts: number; lastError: string | null }[];
  }

  /** Polls until `check` holds, or fails after `ms`. */
  async until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    if (this.database.url.startsWith('postgres')) {
      // pg-boss's schema for this test schema (pgboss_<schema>), which the test schema's drop does not reach.
      const schema = /search_path=([a-z0-9_]+)/.exec(decodeURIComponent(this.database.url))?.[1];
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: this.database.url.split('?')[0] });
      await client.connect();
      if (schema) await client.query(`drop schema if exists pgboss_${schema} cascade`);
      await client.end();
    }
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RunningProcess {
  readonly child: ChildProcess;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Waits, if need be, until the clock is early enough in a minute for a per-minute schedule's check to fit in it. */
export async function earlyInAMinute(): Promise<void> {
  const second = new Date().getSeconds();
  if (second >= 2 && second <= 40) return;
  const wait = ((62 - second) % 60) * 1000 - new Date().getMilliseconds();
  await new Promise((r) => setTimeout(r, Math.max(0, wait)));
}
