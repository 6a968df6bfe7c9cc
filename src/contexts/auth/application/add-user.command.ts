import * as z from 'zod';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { ROLES } from '../../../kernel/roles.js';
import { parseInput } from '../../../kernel/validate.js';
import { checkEmail, checkPasswordStrength } from '../domain/credentials.js';
import { CLEARED_COUNTERS } from '../domain/lockout.js';
import { AUTH_ERRORS } from '../errors.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

const Input = z.object({
  email: z.string(),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
  name: z.string().trim().max(200).optional(),
  password: z.string().optional(),
});

export interface InvitationDto {
  /** The account's id (a new one when the email had no account). */
  id: string;
  email: string;
  role: string;
  status: 'invited';
  invitedAt: string;
}

/**
 * Invites a person to the current organisation: they become a member when
 * they next log in (`login` accepts every pending invitation). An email
 * without an account gets one, with the initial password when one is given;
 * an existing account keeps its own password and name, and nothing is added
 * to it without that login. The answer, the work done (the password is hashed
 * either way) and the audit entry are the same whether or not the email
 * already had an account, so adding people does not tell who has one.
 */
export function addUser(deps: AuthDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<InvitationDto> => {
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
      }
      await entitlements.reserve(orgId, 'users');
      await members.add(user.id, input.role, now, 'invited');
      await record({
        action: 'user.invited',
        targetType: 'user',
        targetId: user.id,
        details: { email, role: input.role },
      });
      return { id: user.id, email, role: input.role, status: 'invited', invitedAt: now.toISOString() };
    });
  };
}
