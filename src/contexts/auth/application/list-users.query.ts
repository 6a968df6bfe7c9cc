import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { checkEmail } from '../domain/credentials.js';
import { authorize } from '../domain/permissions.js';
import { type MemberDto, memberDto } from './dto.js';
import type { AuthDeps } from './ports.js';

export function listUsers(deps: AuthDeps) {
  return async (principal: Principal): Promise<MemberDto[]> => {
    const { orgId } = authorize(principal, 'user.read');
    return (await deps.uow.read.forOrg(orgId).members.list()).map(memberDto);
  };
}

export function showUser(deps: AuthDeps) {
  return async (principal: Principal, email: string): Promise<MemberDto> => {
    const { orgId } = authorize(principal, 'user.read');
    const member = await deps.uow.read.forOrg(orgId).members.byEmail(checkEmail(email));
    if (!member) throw userNotFound(email);
    return memberDto(member);
  };
}

export function userNotFound(email: string): AppError {
  return new AppError(
    'not-found',
    'AUTH.USER_NOT_FOUND',
    `no user ${email} in this organisation`,
    'run `renfe user list`',
  );
}
