import * as z from 'zod';
import { newId } from '../../../kernel/ids.js';
import { parseInput } from '../../../kernel/validate.js';
import { CLEARED_COUNTERS } from '../domain/lockout.js';
import { checkEmail, checkPasswordStrength } from '../domain/credentials.js';
import { slugify } from '../domain/slug.js';
import { AUTH_ERRORS } from '../errors.js';
import { type OrganizationDto, organizationDto } from './dto.js';
import type { AuthDeps } from './ports.js';
import { openSession } from './open-session.js';

const Input = z.object({
  orgName: z.string().trim().min(1, 'organisation name is empty').max(200),
  email: z.string(),
  name: z.string().trim().max(200).optional(),
  password: z.string(),
});

export interface InitResult {
  organization: OrganizationDto;
  user: { id: string; email: string };
  session: { token: string; expiresAt: string };
}

/** Creates the first organisation and its owner in an empty database, and logs the owner in. */
export function initWorkspace(deps: AuthDeps) {
  return async (raw: z.input<typeof Input>): Promise<InitResult> => {
    const input = parseInput(Input, raw);
    const email = checkEmail(input.email);
    checkPasswordStrength(input.password);
    const passwordHash = await deps.hasher.hash(input.password);
    const now = deps.clock.now();
    return deps.uow.run(async ({ auth, audit }) => {
      if ((await auth.users.count()) > 0 || (await auth.organizations.count()) > 0) {
        throw AUTH_ERRORS.alreadyInitialised();
      }
      const org = { id: newId(), slug: slugify(input.orgName), name: input.orgName, createdAt: now };
      const user = {
        id: newId(),
        email,
        name: input.name ?? null,
        passwordHash,
        counters: CLEARED_COUNTERS,
        createdAt: now,
      };
      await auth.organizations.create(org);
      await audit.startChain(org.id);
      await auth.users.create(user);
      await auth.forOrg(org.id).members.add(user.id, 'owner', now);
      const actor = { type: 'user' as const, id: user.id, label: email };
      const chain = audit.chain(org.id);
      await chain.append(actor, {
        action: 'org.created',
        targetType: 'organization',
        targetId: org.id,
        details: { slug: org.slug, name: org.name },
      });
      await chain.append(actor, {
        action: 'user.added',
        targetType: 'user',
        targetId: user.id,
        details: { email, role: 'owner' },
      });
      const session = await openSession(auth, deps, user.id, now);
      await chain.append(actor, { action: 'auth.login', targetType: 'user', targetId: user.id, details: { email } });
      return {
        organization: organizationDto(org, { role: 'owner', status: 'active' }),
        user: { id: user.id, email },
        session,
      };
    });
  };
}
