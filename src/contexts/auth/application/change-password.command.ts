import type { Principal } from '../../../kernel/principal.js';
import { checkEmail, checkPasswordStrength } from '../domain/credentials.js';
import { AUTH_ERRORS } from '../errors.js';
import { userNotFound } from './list-users.query.js';
import type { AuthDeps } from './ports.js';
import { auditActor, requireUser } from './principal-actor.js';
import { allow } from './use-case.js';

export interface ChangePasswordInput {
  /** Whose password; the caller's own when absent. */
  email?: string | undefined;
  /** Required when changing one's own password. */
  currentPassword?: string | undefined;
  newPassword: string;
}

/**
 * Changes one's own password (proving the current one), or resets a member's
 * password as an admin. An admin may reset only accounts that belong to no
 * other organisation, so one tenant's admin cannot take over another tenant's
 * user. Every session of the account is revoked.
 */
export function changePassword(deps: AuthDeps) {
  return async (
    principal: Principal,
    input: ChangePasswordInput,
  ): Promise<{ email: string; sessionsRevoked: true }> => {
    const me = requireUser(principal);
    const email = input.email ? checkEmail(input.email) : me.email;
    checkPasswordStrength(input.newPassword);
    const self = email === me.email;
    const now = deps.clock.now();

    if (self) {
      const user = await deps.uow.read.users.byId(me.id);
      if (
        !user?.passwordHash ||
        input.currentPassword === undefined ||
        !(await deps.hasher.verify(input.currentPassword, user.passwordHash))
      ) {
        throw AUTH_ERRORS.badCredentials({ problem: 'current password is wrong' });
      }
    }
    const newHash = await deps.hasher.hash(input.newPassword);
    return deps.uow.run(async ({ auth, audit }) => {
      const target = self ? await auth.users.byId(me.id) : await auth.users.byEmail(email);
      if (!target) throw userNotFound(email);
      const memberships = await auth.users.memberships(target.id);
      if (!self) {
        const { orgId, role } = allow(principal, 'user.manage');
        const here = memberships.find((m) => m.org.id === orgId);
        if (!here) throw userNotFound(email);
        if (memberships.length > 1) {
          throw AUTH_ERRORS.sharedAccount({ email });
        }
        if (here.role === 'owner' && role !== 'owner') {
          throw AUTH_ERRORS.ownerOnly({ action: `reset the password of ${email}` });
        }
      }
      await auth.users.setPassword(target.id, newHash);
      await auth.sessions.revokeAllOf(target.id, now);
      const entry = {
        action: 'user.password_changed',
        targetType: 'user',
        targetId: target.id,
        details: { email, by: self ? 'self' : 'admin' },
      };
      for (const m of memberships) await audit.chain(m.org.id).append(auditActor(principal), entry);
      return { email, sessionsRevoked: true as const };
    });
  };
}
