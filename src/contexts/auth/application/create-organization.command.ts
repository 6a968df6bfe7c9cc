import * as z from 'zod';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { parseInput } from '../../../kernel/validate.js';
import { slugify, uniqueSlug } from '../domain/slug.js';
import { type OrganizationDto, organizationDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { auditActor, requireUser } from './principal-actor.js';

const Input = z.object({ name: z.string().trim().min(1, 'organisation name is empty').max(200) });

/** Any logged-in user may create an organisation; they become its owner. */
export function createOrganization(deps: AuthDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<OrganizationDto> => {
    const user = requireUser(principal);
    const input = parseInput(Input, raw);
    const now = deps.clock.now();
    // Two processes may pick the same free slug at once; the one that loses takes the next one.
    for (let attempt = 1; ; attempt++) {
      try {
        return await create();
      } catch (error) {
        if (attempt >= 5 || !isUniqueViolation(error)) throw error;
      }
    }

    function create() {
      return deps.uow.run(async ({ auth, audit }) => {
        const base = slugify(input.name);
        const slug = uniqueSlug(base, await auth.organizations.slugsLike(base));
        const org = { id: newId(), slug, name: input.name, createdAt: now };
        await auth.organizations.create(org);
        await audit.startChain(org.id);
        await auth.forOrg(org.id).members.add(user.id, 'owner', now);
        const chain = audit.chain(org.id);
        const actor = auditActor(principal);
        await chain.append(actor, {
          action: 'org.created',
          targetType: 'organization',
          targetId: org.id,
          details: { slug, name: org.name },
        });
        await chain.append(actor, {
          action: 'user.added',
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, role: 'owner' },
        });
        return organizationDto(org, { role: 'owner', status: 'active' });
      });
    }
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
