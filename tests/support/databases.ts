import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The dialect matrix: SQLite always, PostgreSQL when RENFE_TEST_DATABASE_URL
 * is set. Each fresh database is isolated: a new SQLite file, or a new
 * PostgreSQL schema reached through search_path.
 */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export interface DialectUnderTest {
  readonly name: 'sqlite' | 'postgres';
  fresh(): Promise<TestDatabase>;
}

const PG_URL = process.env.RENFE_TEST_DATABASE_URL;

const sqlite: DialectUnderTest = {
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'renfe-test-'));
    return { url: join(dir, 'renfe.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: DialectUnderTest = {
  name: 'postgres',
  async fresh() {
    const { default: pg } = await import('pg');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const separator = (PG_URL as string).includes('?') ? '&' : '?';
    return {
      url: `${PG_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      async drop() {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  },
};

export const DIALECTS: readonly DialectUnderTest[] = PG_URL ? [sqlite, postgres] : [sqlite];
