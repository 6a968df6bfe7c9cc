/** Lockout after repeated failed logins; a pure rule over the user's counters. */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly windowMinutes: number;
  readonly lockMinutes: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

export interface LoginCounters {
  readonly failedCount: number;
  readonly windowStartedAt: Date | null;
  readonly lockedUntil: Date | null;
}

export function isLocked(counters: LoginCounters, now: Date): boolean {
  return counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
}

/** Counters after one more failure, and whether that failure locks the account. */
export function registerFailure(
  counters: LoginCounters,
  policy: LockoutPolicy,
  now: Date,
): { counters: LoginCounters; lockedNow: boolean } {
  const windowMs = policy.windowMinutes * 60_000;
  const inWindow = counters.windowStartedAt !== null && now.getTime() - counters.windowStartedAt.getTime() < windowMs;
  const failedCount = inWindow ? counters.failedCount + 1 : 1;
  const windowStartedAt = inWindow ? counters.windowStartedAt : now;
  if (failedCount >= policy.maxFailures) {
    return {
      counters: {
        failedCount: 0,
        windowStartedAt: null,
        lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000),
      },
      lockedNow: true,
    };
  }
  return { counters: { failedCount, windowStartedAt, lockedUntil: null }, lockedNow: false };
}

export const CLEARED_COUNTERS: LoginCounters = { failedCount: 0, windowStartedAt: null, lockedUntil: null };
