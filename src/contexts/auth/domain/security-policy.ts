import { AUTH_ERRORS } from '../errors.js';
import type { LockoutPolicy } from './lockout.js';

/**
 * An organisation's login policy, kept in the database and set by its owners
 * and admins. The client (a profile's `lockout.*` and `session.hours`) may
 * only ask for something stricter, and never outside the bounds.
 *
 * Login happens before an organisation is chosen, so an account is held to
 * the strictest policy of the organisations it is an active member of
 * (fewest failures, longest window and lock, shortest session); an account
 * of no organisation gets the default.
 */
export interface SecurityPolicy extends LockoutPolicy {
  readonly sessionHours: number;
}

export const DEFAULT_POLICY: SecurityPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, sessionHours: 12 };

/**
 * At least 3 failures (fewer locks people out on typos and lets anyone lock an
 * account with one try), at most 20 (more makes lockout pointless); windows
 * and locks up to a day; sessions up to 30 days.
 */
export const POLICY_BOUNDS: { readonly [K in keyof SecurityPolicy]: { readonly min: number; readonly max: number } } = {
  maxFailures: { min: 3, max: 20 },
  windowMinutes: { min: 1, max: 1440 },
  lockMinutes: { min: 1, max: 1440 },
  sessionHours: { min: 1, max: 720 },
};

export const POLICY_KEYS = ['maxFailures', 'windowMinutes', 'lockMinutes', 'sessionHours'] as const;

/** A policy with every value checked against the bounds. */
export function checkPolicy(policy: SecurityPolicy): SecurityPolicy {
  for (const key of POLICY_KEYS) {
    const value = policy[key];
    const { min, max } = POLICY_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw AUTH_ERRORS.policyOutOfBounds({ key, min, max, value: String(value) });
    }
  }
  return policy;
}

/** The strictest of several policies (the default when there are none). */
export function strictestPolicy(policies: readonly SecurityPolicy[]): SecurityPolicy {
  if (policies.length === 0) return DEFAULT_POLICY;
  return {
    maxFailures: Math.min(...policies.map((p) => p.maxFailures)),
    windowMinutes: Math.max(...policies.map((p) => p.windowMinutes)),
    lockMinutes: Math.max(...policies.map((p) => p.lockMinutes)),
    sessionHours: Math.min(...policies.map((p) => p.sessionHours)),
  };
}

const clamp = (key: keyof SecurityPolicy, value: number) =>
  Math.min(Math.max(Math.floor(value), POLICY_BOUNDS[key].min), POLICY_BOUNDS[key].max);

/**
 * What applies: the organisation's policy, made stricter where the client
 * asks for it (fewer failures, a longer window or lock, a shorter session),
 * always within the bounds. A client asking for a weaker value gets the
 * organisation's.
 */
export function effectivePolicy(
  server: SecurityPolicy,
  client: { readonly [K in keyof SecurityPolicy]?: number | undefined },
): SecurityPolicy {
  const ask = (key: keyof SecurityPolicy) => {
    const v = client[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const stricter = (key: keyof SecurityPolicy, pick: (a: number, b: number) => number) => {
    const v = ask(key);
    return clamp(key, v === undefined ? server[key] : pick(server[key], v));
  };
  return {
    maxFailures: stricter('maxFailures', Math.min),
    windowMinutes: stricter('windowMinutes', Math.max),
    lockMinutes: stricter('lockMinutes', Math.max),
    sessionHours: stricter('sessionHours', Math.min),
  };
}
