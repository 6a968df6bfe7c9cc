import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../domain/permissions.js';
import { type TokenDto, tokenDto } from './dto.js';
import type { AuthDeps } from './ports.js';

export function listTokens(deps: AuthDeps) {
  return async (principal: Principal): Promise<TokenDto[]> => {
    const { orgId } = authorize(principal, 'token.read');
    const now = deps.clock.now();
    return (await deps.uow.read.forOrg(orgId).tokens.list()).map((t) => tokenDto(t, now));
  };
}
