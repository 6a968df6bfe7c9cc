import { execFileSync } from 'node:child_process';

/**
 * Builds dist/ once so end-to-end tests spawn the CLI as users run it, and
 * says loudly when the PostgreSQL half of the dialect matrix will not run.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], { stdio: 'inherit' });
  if (!process.env.RENFE_TEST_DATABASE_URL) {
    if (process.env.RENFE_REQUIRE_POSTGRES === '1') {
      throw new Error(
        'RENFE_REQUIRE_POSTGRES=1 but RENFE_TEST_DATABASE_URL is not set: the PostgreSQL suite would be skipped',
      );
    }
    process.stderr.write(
      '\n*** NOTICE: RENFE_TEST_DATABASE_URL is not set: PostgreSQL repository tests are SKIPPED (SQLite only). ***\n\n',
    );
  }
}
