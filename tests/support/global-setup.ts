import { execFileSync } from 'node:child_process';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Builds dist/ once so end-to-end tests spawn the CLI as users run it, and
 * picks the PostgreSQL server for the dialect matrix: RENFE_TEST_DATABASE_URL,
 * else a server answering on 127.0.0.1:5432 (each test file works in a schema
 * of its own and drops it). Workers start after this and inherit the choice.
 */
export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['build.mjs'], { stdio: 'inherit' });
  if (process.env.RENFE_TEST_DATABASE_URL === 'skip') delete process.env.RENFE_TEST_DATABASE_URL;
  else if (!process.env.RENFE_TEST_DATABASE_URL && (await answers(LOCAL_POSTGRES))) {
    process.env.RENFE_TEST_DATABASE_URL = LOCAL_POSTGRES;
    process.stderr.write(
      `PostgreSQL tests use ${LOCAL_POSTGRES} (set RENFE_TEST_DATABASE_URL to choose, or to "skip").\n`,
    );
  }
  if (!process.env.RENFE_TEST_DATABASE_URL) {
    if (process.env.RENFE_REQUIRE_POSTGRES === '1') {
      throw new Error('RENFE_REQUIRE_POSTGRES=1 but no PostgreSQL server: the PostgreSQL suite would be skipped');
    }
    process.stderr.write('\n*** NOTICE: no PostgreSQL server: PostgreSQL tests are SKIPPED (SQLite only). ***\n\n');
  }
}

async function answers(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
