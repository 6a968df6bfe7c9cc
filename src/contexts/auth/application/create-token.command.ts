import * as z from 'zod';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { ROLES, roleAtLeast } from '../../../kernel/roles.js';
import { parseInput } from '../../../kernel/validate.js';
import { newSecret } from '../domain/secrets.js';
import { AUTH_ERRORS } from '../errors.js';
import { type TokenDto, tokenDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { requireUser } from './principal-actor.js';
import { allow } from './use-case.js';

const Input = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'token name is empty')
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'token name may hold letters, digits, dot, dash and underscore only'),
  role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }).default('viewer'),
  expiresDays: z.number().int('expiry must be whole days').min(1, 'expiry must be at least 1 day').max(3650).optional(),
});

/** Creates an API token for the current organisation; its secret is returned once and stored only hashed. */
export function createToken(deps: AuthDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<TokenDto & { secret: string }> => {
    requireUser(principal);
    const access = allow(principal, 'token.manage');
    const { orgId, role: actorRole } = access;
    const input = parseInput(Input, raw);
    if (!roleAtLeast(actorRole, input.role)) {
      throw AUTH_ERRORS.tokenRole({ role: actorRole, tokenRole: input.role });
    }
    const now = deps.clock.now();
    const { secret, hash, prefix } = newSecret('token');
    const token = {
      id: newId(),
      orgId,
      name: input.name,
      prefix,
      role: input.role,
      createdBy: principal.actor.id,
      createdAt: now,
      expiresAt: input.expiresDays ? new Date(now.getTime() + input.expiresDays * 86_400_000) : null,
      revokedAt: null,
    };
    return access.change(deps.uow, async ({ auth, record }) => {
      const tokens = auth.forOrg(orgId).tokens;
      const same = (await tokens.byIdOrName(input.name)).filter(
        (t) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= now),
      );
      if (same.length > 0) {
        throw AUTH_ERRORS.tokenExists({ name: input.name });
      }
      await tokens.create({ ...token, tokenHash: hash });
      await record({
        action: 'token.created',
        targetType: 'token',
        targetId: token.id,
        details: { name: token.name, role: token.role, expiresAt: token.expiresAt?.toISOString() ?? null },
      });
      return { ...tokenDto(token, now), secret };
    });
  };
}
