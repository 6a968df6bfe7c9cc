import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../domain/permissions.js';
import { type TokenDto, tokenDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { auditActor } from './principal-actor.js';

/** Revokes a token of the current organisation, named by id or by name. */
export function revokeToken(deps: AuthDeps) {
  return async (principal: Principal, idOrName: string): Promise<TokenDto> => {
    const { orgId } = authorize(principal, 'token.manage');
    const now = deps.clock.now();
    return deps.uow.run(async ({ auth, audit }) => {
      const tokens = auth.forOrg(orgId).tokens;
      const found = (await tokens.byIdOrName(idOrName)).filter((t) => !t.revokedAt);
      if (found.length === 0) {
        throw new AppError(
          'not-found',
          'AUTH.TOKEN_NOT_FOUND',
          `no active token ${idOrName} in this organisation`,
          'run `renfe token list`',
        );
      }
      if (found.length > 1) {
        throw new AppError('conflict', 'AUTH.TOKEN_AMBIGUOUS', `several tokens are named ${idOrName}`, 'revoke by id');
      }
      const token = found[0] as (typeof found)[number];
      await tokens.revoke(token.id, now);
      await audit.chain(orgId).append(auditActor(principal), {
        action: 'token.revoked',
        targetType: 'token',
        targetId: token.id,
        details: { name: token.name },
      });
      return tokenDto({ ...token, revokedAt: now }, now);
    });
  };
}
