import type { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { checkEmail } from '../domain/credentials.js';
import { AUTH_ERRORS } from '../errors.js';
import { type MemberDto, memberDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

export function listUsers(deps: AuthDeps) {
  return async (principal: Principal): Promise<MemberDto[]> => {
    const { orgId } = allow(principal, 'user.read');
    return (await deps.uow.read.forOrg(orgId).members.list()).map(memberDto);
  };
}

export function showUser(deps: AuthDeps) {
  return async (principal: Principal, email: string): Promise<MemberDto> => {
    const { orgId } = allow(principal, 'user.read');
    const member = await deps.uow.read.forOrg(orgId).members.byEmail(checkEmail(email));
    if (!member) throw userNotFound(email);
    return memberDto(member);
  };
}

export function userNotFound(email: string): AppError {
  return AUTH_ERRORS.userNotFound({ email });
}
