import { digestSecret } from '../domain/secrets.js';
import type { AuthDeps } from './ports.js';

/** Revokes the session behind a stored session secret; a missing or stale one is not an error. */
export function logout(deps: AuthDeps) {
  return async (sessionSecret: string): Promise<{ revoked: boolean }> => {
    const now = deps.clock.now();
    return deps.uow.run(async ({ auth, audit }) => {
      const session = await auth.sessions.byTokenHash(digestSecret(sessionSecret));
      if (!session || session.revokedAt) return { revoked: false };
      await auth.sessions.revoke(session.id, now);
      const user = await auth.users.byId(session.userId);
      if (user) {
        const actor = { type: 'user' as const, id: user.id, label: user.email };
        const memberships = await auth.users.memberships(user.id);
        for (const m of memberships) {
          await audit.chain(m.org.id).append(actor, { action: 'auth.logout', targetType: 'user', targetId: user.id });
        }
      }
      return { revoked: true };
    });
  };
}
