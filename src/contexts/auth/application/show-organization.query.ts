import type { Principal } from '../../../kernel/principal.js';
import { AUTH_ERRORS } from '../errors.js';
import type { OrganizationDto } from './dto.js';
import { listOrganizations } from './list-organizations.query.js';
import type { AuthDeps } from './ports.js';

export interface OrganizationDetailDto extends OrganizationDto {
  members: number;
  owners: number;
}

/** One of the caller's organisations by slug, the current one when no slug is given. */
export function showOrganization(deps: AuthDeps) {
  return async (principal: Principal, slug?: string): Promise<OrganizationDetailDto> => {
    const wanted = slug ?? principal.org?.slug;
    if (!wanted) {
      throw AUTH_ERRORS.noOrganisation({ hint: 'name one, or pass --org <slug>' });
    }
    const org = (await listOrganizations(deps)(principal)).find((o) => o.slug === wanted);
    if (!org) {
      throw AUTH_ERRORS.orgNotFound({ slug: wanted });
    }
    const all = await deps.uow.read.forOrg(org.id).members.list();
    return { ...org, members: all.length, owners: all.filter((m) => m.role === 'owner').length };
  };
}
