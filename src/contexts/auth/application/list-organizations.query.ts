import type { Principal } from '../../../kernel/principal.js';
import { type OrganizationDto, organizationDto } from './dto.js';
import type { AuthDeps } from './ports.js';

/** The organisations the caller belongs to (a token sees only its own). */
export function listOrganizations(deps: AuthDeps) {
  return async (principal: Principal): Promise<OrganizationDto[]> => {
    if (principal.actor.type === 'token') {
      const org = principal.org ? await deps.uow.read.organizations.bySlug(principal.org.slug) : null;
      return org ? [organizationDto(org, { role: principal.role ?? 'viewer', status: 'active' })] : [];
    }
    const memberships = await deps.uow.read.users.memberships(principal.actor.id);
    return memberships.map((m) => organizationDto(m.org, m));
  };
}
