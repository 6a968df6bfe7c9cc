import * as z from 'zod';
import type { Principal } from '../../../kernel/principal.js';
import { ROLES } from '../../../kernel/roles.js';
import { parseInput } from '../../../kernel/validate.js';
import { checkEmail } from '../domain/credentials.js';
import { AUTH_ERRORS } from '../errors.js';
import { type MemberDto, memberDto } from './dto.js';
import { userNotFound } from './list-users.query.js';
import type { AuthDeps, Member, MemberRepository } from './ports.js';
import { allow } from './use-case.js';

const Input = z.object({
  email: z.string(),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
});

/** Owners are managed by owners only, and an organisation always keeps one active owner. */
export async function guardOwnerChange(
  members: MemberRepository,
  actorRole: string,
  target: Member,
  losesOwnership: boolean,
): Promise<void> {
  if (target.role === 'owner' && actorRole !== 'owner') {
    throw AUTH_ERRORS.ownerOnly({ action: `change ${target.email}, who is an owner` });
  }
  if (target.role === 'owner' && losesOwnership && target.status === 'active' && (await members.countOwners()) <= 1) {
    throw AUTH_ERRORS.lastOwner({ email: target.email });
  }
}

export function changeRole(deps: AuthDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<MemberDto> => {
    const access = allow(principal, 'user.manage');
    const { orgId, role: actorRole } = access;
    const input = parseInput(Input, raw);
    const email = checkEmail(input.email);
    if (input.role === 'owner' && actorRole !== 'owner') {
      throw AUTH_ERRORS.ownerOnly({ action: 'make someone an owner' });
    }
    // Not access.change: giving a member the role they have changes nothing and records nothing.
    return deps.uow.run(async ({ auth, audit }) => {
      const members = auth.forOrg(orgId).members;
      const target = await members.byEmail(email);
      if (!target) throw userNotFound(email);
      if (target.role === input.role) return memberDto(target);
      await guardOwnerChange(members, actorRole, target, input.role !== 'owner');
      await members.setRole(target.userId, input.role);
      await audit.chain(orgId).append(access.actor, {
        action: 'user.role_changed',
        targetType: 'user',
        targetId: target.userId,
        details: { email, from: target.role, to: input.role },
      });
      return memberDto({ ...target, role: input.role });
    });
  };
}
