import { newId } from '../../../kernel/ids.js';
import { newSecret } from '../domain/secrets.js';
import type { AuthDeps, AuthStore } from './ports.js';

/** Stores a new session for a user and returns its secret (shown to the CLI once). */
export async function openSession(
  auth: AuthStore,
  deps: Pick<AuthDeps, 'settings'>,
  userId: string,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const { secret, hash } = newSecret('session');
  const expiresAt = new Date(now.getTime() + deps.settings.sessionHours * 3_600_000);
  await auth.sessions.create({ id: newId(), userId, tokenHash: hash, createdAt: now, expiresAt, revokedAt: null });
  return { token: secret, expiresAt: expiresAt.toISOString() };
}
