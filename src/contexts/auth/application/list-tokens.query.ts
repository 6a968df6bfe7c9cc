import type { Principal } from '../../../kernel/principal.js';
import { type TokenDto, tokenDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

export function listTokens(deps: AuthDeps) {
  return async (principal: Principal): Promise<TokenDto[]> => {
    const { orgId } = allow(principal, 'token.read');
    const now = deps.clock.now();
    return (await deps.uow.read.forOrg(orgId).tokens.list()).map((t) => tokenDto(t, now));
  };
}
