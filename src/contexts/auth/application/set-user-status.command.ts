import type { Principal } from '../../../kernel/principal.js';
import { checkEmail } from '../domain/credentials.js';
import { AUTH_ERRORS } from '../errors.js';
import { guardOwnerChange } from './change-role.command.js';
import { type MemberDto, memberDto } from './dto.js';
import { userNotFound } from './list-users.query.js';
import type { AuthDeps, MembershipStatus } from './ports.js';
import { allow } from './use-case.js';

/** Disables or re-enables a membership of the current organisation. */
export function setUserStatus(deps: AuthDeps) {
  return async (principal: Principal, rawEmail: string, status: MembershipStatus): Promise<MemberDto> => {
    const access = allow(principal, 'user.manage');
    const { orgId, role: actorRole } = access;
    const email = checkEmail(rawEmail);
    if (principal.actor.type === 'user' && principal.actor.email === email && status === 'disabled') {
      throw AUTH_ERRORS.selfDisable();
    }
    // Not access.change: setting the status a membership has changes nothing and records nothing.
    return deps.uow.run(async ({ auth, audit }) => {
      const members = auth.forOrg(orgId).members;
      const target = await members.byEmail(email);
      if (!target) throw userNotFound(email);
      if (target.status === status) return memberDto(target);
      // Only the person accepts an invitation (by logging in); disabling one withdraws it.
      if (target.status === 'invited' && status === 'active') throw AUTH_ERRORS.invitationPending({ email });
      await guardOwnerChange(members, actorRole, target, status === 'disabled');
      await members.setStatus(target.userId, status);
      await audit.chain(orgId).append(access.actor, {
        action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
        targetType: 'user',
        targetId: target.userId,
        details: { email },
      });
      return memberDto({ ...target, status });
    });
  };
}
