import { fileURLToPath } from 'node:url';
import { openApp, type App } from '../../src/composition.js';
import { scryptPasswordHasher } from '../../src/contexts/auth/adapters/crypto/scrypt-password-hasher.js';
import { DEFAULT_LOCKOUT } from '../../src/contexts/auth/index.js';
import type { Principal } from '../../src/kernel/principal.js';
import { parseDatabaseTarget } from '../../src/persistence/connect.js';
import type { TestDatabase } from './databases.js';

/** A plans file whose free plan limits nothing (tests of plan limits use the shipped plans). */
export const UNLIMITED_PLANS = fileURLToPath(new URL('./fixtures/plans-unlimited.yaml', import.meta.url));

/** A clock the test moves by hand. */
export class TestClock {
  #now: Date;
  constructor(start = '2026-01-15T09:00:00.000Z') {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  advanceMinutes(minutes: number): void {
    this.#now = new Date(this.#now.getTime() + minutes * 60_000);
  }
}

/** Real scrypt with cheap parameters: the production parameters cost ~0.5 s a hash. */
export const fastHasher = scryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

export const PASSWORD = 'correct horse battery staple';

export async function testApp(
  database: TestDatabase,
  clock = new TestClock(),
  schema: 'migrate' | 'current' = 'migrate',
  /** Plan and Stripe settings; by default plans that limit nothing. */
  billing: NonNullable<Parameters<typeof openApp>[0]['billing']> = { plansFile: UNLIMITED_PLANS },
): Promise<{ app: App; clock: TestClock }> {
  const app = await openApp({
    target: parseDatabaseTarget(database.url),
    schema,
    clock,
    hasher: fastHasher,
    settings: { sessionHours: 12, lockout: DEFAULT_LOCKOUT },
    billing,
  });
  return { app, clock };
}

/** Logs in and returns the principal for an organisation (or the only one). */
export async function signIn(app: App, email: string, orgSlug?: string, password = PASSWORD): Promise<Principal> {
  const { session } = await app.auth.login({ email, password });
  return app.auth.authenticate({ sessionSecret: session.token, orgSlug });
}
