import * as z from 'zod';
import { AppError } from '../../../kernel/app-error.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { ROLES } from '../../../kernel/roles.js';
import { parseInput } from '../../../kernel/validate.js';
import { checkEmail, checkPasswordStrength } from '../domain/credentials.js';
import { CLEARED_COUNTERS } from '../domain/lockout.js';
import { authorize } from '../domain/permissions.js';
import { type MemberDto, memberDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { auditActor } from './principal-actor.js';

const Input = z.object({
  email: z.string(),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  name: z.string().trim().max(200).optional(),
  password: z.string().optional(),
});

/**
 * Adds a person to the current organisation, creating their account when the
 * email is new. An existing account keeps its password.
 */
export function addUser(deps: AuthDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<MemberDto & { created: boolean }> => {
    const { orgId, role: actorRole } = authorize(principal, 'user.manage');
    const input = parseInput(Input, raw);
    const email = checkEmail(input.email);
    if (input.role === 'owner' && actorRole !== 'owner') {
      throw new AppError('forbidden', 'AUTH.OWNER_ONLY', 'only an owner may add another owner');
    }
    if (input.password !== undefined) checkPasswordStrength(input.password);
    const passwordHash = input.password !== undefined ? await deps.hasher.hash(input.password) : null;
    const now = deps.clock.now();
    return deps.uow.run(async ({ auth, audit, entitlements }) => {
      const members = auth.forOrg(orgId).members;
      if (await members.byEmail(email)) {
        throw new AppError(
          'conflict',
          'AUTH.ALREADY_MEMBER',
          `${email} is already a member of this organisation`,
          'use `renfe user role` to change their role',
        );
      }
      let user = await auth.users.byEmail(email);
      const created = !user;
      if (!user) {
        user = {
          id: newId(),
          email,
          name: input.name ?? null,
          passwordHash,
          counters: CLEARED_COUNTERS,
          createdAt: now,
        };
        await auth.users.create(user);
      } else if (passwordHash) {
        throw new AppError(
          'conflict',
          'AUTH.ACCOUNT_EXISTS',
          `${email} already has an account; it keeps its own password`,
          'add them again without --password-stdin',
        );
      }
      await entitlements.reserve(orgId, 'users');
      await members.add(user.id, input.role, now);
      await audit.chain(orgId).append(auditActor(principal), {
        action: 'user.added',
        targetType: 'user',
        targetId: user.id,
        details: { email, role: input.role, newAccount: created },
      });
      const member = await members.byEmail(email);
      return { ...memberDto(member as NonNullable<typeof member>), created };
    });
  };
}
