import type { Principal } from '../../../kernel/principal.js';
import { AUTH_ERRORS } from '../errors.js';
import { type TokenDto, tokenDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

/** Revokes a token of the current organisation, named by id or by name. */
export function revokeToken(deps: AuthDeps) {
  return async (principal: Principal, idOrName: string): Promise<TokenDto> => {
    const access = allow(principal, 'token.manage');
    const { orgId } = access;
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ auth, record }) => {
      const tokens = auth.forOrg(orgId).tokens;
      const found = (await tokens.byIdOrName(idOrName)).filter((t) => !t.revokedAt);
      if (found.length === 0) {
        throw AUTH_ERRORS.tokenNotFound({ token: idOrName });
      }
      if (found.length > 1) {
        throw AUTH_ERRORS.tokenAmbiguous({ token: idOrName });
      }
      const token = found[0] as (typeof found)[number];
      await tokens.revoke(token.id, now);
      await record({
        action: 'token.revoked',
        targetType: 'token',
        targetId: token.id,
        details: { name: token.name },
      });
      return tokenDto({ ...token, revokedAt: now }, now);
    });
  };
}
