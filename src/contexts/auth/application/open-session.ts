import { newId } from '../../../kernel/ids.js';
import { newSecret } from '../domain/secrets.js';
import { DEFAULT_POLICY, effectivePolicy, type SecurityPolicy, strictestPolicy } from '../domain/security-policy.js';
import type { AuthDeps, AuthStore } from './ports.js';

/**
 * The login policy that holds for an account: the strictest policy of the
 * organisations it is an active member of (of those it is invited to, for an
 * account that has joined none yet; the default for none), made stricter
 * where the client's settings ask for it. An invitation alone does not put
 * an existing member of other organisations under the inviter's policy.
 */
export async function accountPolicy(
  auth: AuthStore,
  deps: Pick<AuthDeps, 'settings'>,
  userId: string,
): Promise<SecurityPolicy> {
  const memberships = await auth.users.memberships(userId);
  const active = memberships.filter((m) => m.status === 'active');
  const orgIds = (active.length > 0 ? active : memberships.filter((m) => m.status === 'invited')).map((m) => m.org.id);
  const stored = await auth.organizations.policies(orgIds);
  const server = strictestPolicy(orgIds.map((id) => stored.get(id) ?? DEFAULT_POLICY));
  const lockout = deps.settings.lockout ?? {};
  return effectivePolicy(server, {
    maxFailures: lockout.maxFailures,
    windowMinutes: lockout.windowMinutes,
    lockMinutes: lockout.lockMinutes,
    sessionHours: deps.settings.sessionHours,
  });
}

/** Stores a new session for a user and returns its secret (shown to the CLI once). */
export async function openSession(
  auth: AuthStore,
  deps: Pick<AuthDeps, 'settings'>,
  userId: string,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const { sessionHours } = await accountPolicy(auth, deps, userId);
  const { secret, hash } = newSecret('session');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
  await auth.sessions.create({ id: newId(), userId, tokenHash: hash, createdAt: now, expiresAt, revokedAt: null });
  return { token: secret, expiresAt: expiresAt.toISOString() };
}
