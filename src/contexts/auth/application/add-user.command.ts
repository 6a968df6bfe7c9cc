import * as z from 'zod';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { ROLES } from '../../../kernel/roles.js';
import { parseInput } from '../../../kernel/validate.js';
import { checkEmail, checkPasswordStrength } from '../domain/credentials.js';
import { CLEARED_COUNTERS } from '../domain/lockout.js';
import { AUTH_ERRORS } from '../errors.js';
import { type MemberDto, memberDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

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
    const access = allow(principal, 'user.manage');
    const { orgId, role: actorRole } = access;
    const input = parseInput(Input, raw);
    const email = checkEmail(input.email);
    if (input.role === 'owner' && actorRole !== 'owner') {
      throw AUTH_ERRORS.ownerOnly({ action: 'add another owner' });
    }
    if (input.password !== undefined) checkPasswordStrength(input.password);
    const passwordHash = input.password !== undefined ? await deps.hasher.hash(input.password) : null;
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ auth, entitlements, record }) => {
      const members = auth.forOrg(orgId).members;
      if (await members.byEmail(email)) {
        throw AUTH_ERRORS.alreadyMember({ email });
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
        throw AUTH_ERRORS.accountExists({ email });
      }
      await entitlements.reserve(orgId, 'users');
      await members.add(user.id, input.role, now);
      await record({
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
