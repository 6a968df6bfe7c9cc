import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { checkEmail } from '../domain/credentials.js';
import { authorize } from '../domain/permissions.js';
import { guardOwnerChange } from './change-role.command.js';
import { type MemberDto, memberDto } from './dto.js';
import { userNotFound } from './list-users.query.js';
import type { AuthDeps, MembershipStatus } from './ports.js';
import { auditActor } from './principal-actor.js';

/** Disables or re-enables a membership of the current organisation. */
export function setUserStatus(deps: AuthDeps) {
  return async (principal: Principal, rawEmail: string, status: MembershipStatus): Promise<MemberDto> => {
    const { orgId, role: actorRole } = authorize(principal, 'user.manage');
    const email = checkEmail(rawEmail);
    if (principal.actor.type === 'user' && principal.actor.email === email && status === 'disabled') {
      throw new AppError('conflict', 'AUTH.SELF_DISABLE', 'you cannot disable yourself');
    }
    return deps.uow.run(async ({ auth, audit }) => {
      const members = auth.forOrg(orgId).members;
      const target = await members.byEmail(email);
      if (!target) throw userNotFound(email);
      if (target.status === status) return memberDto(target);
      await guardOwnerChange(members, actorRole, target, status === 'disabled');
      await members.setStatus(target.userId, status);
      await audit.chain(orgId).append(auditActor(principal), {
        action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
        targetType: 'user',
        targetId: target.userId,
        details: { email },
      });
      return memberDto({ ...target, status });
    });
  };
}
