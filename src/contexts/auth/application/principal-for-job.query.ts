import type { Principal } from '../../../kernel/principal.js';
import { grantsOf, type PermissionTable } from '../domain/permissions.js';
import type { AuthStore } from './ports.js';
import type { Clock } from '../../../kernel/clock.js';
import { inTenant } from '../../../kernel/tenant-scope.js';

/** Who queued a piece of background work: an organisation and a user or API token in it. */
export interface JobPrincipalRequest {
  readonly orgId: string;
  readonly orgSlug: string;
  readonly actor: { readonly type: 'user' | 'token'; readonly id: string };
}

export type JobPrincipal = { readonly principal: Principal } | { readonly refused: string };

/**
 * The principal a background job runs as, rebuilt from the owner it stored:
 * the same actor, organisation and role as `authenticate` would give them now
 * (a disabled membership, a revoked or expired token or a changed role count
 * from the moment the job runs, not from when it was queued).
 */
export function principalForJob(deps: {
  readonly read: AuthStore;
  readonly clock: Clock;
  readonly permissions: PermissionTable;
}) {
  // The job names its organisation: the lookup runs in that organisation only (row-level security on PostgreSQL).
  return (request: JobPrincipalRequest): Promise<JobPrincipal> =>
    inTenant(request.orgId, `${request.actor.type}:${request.actor.id}`, () => lookup(request));

  async function lookup(request: JobPrincipalRequest): Promise<JobPrincipal> {
    const org = await deps.read.organizations.bySlug(request.orgSlug);
    if (!org || org.id !== request.orgId) return { refused: 'the organisation no longer exists' };
    const orgRef = { id: org.id, slug: org.slug, name: org.name };
    if (request.actor.type === 'token') {
      const token = (await deps.read.forOrg(org.id).tokens.byIdOrName(request.actor.id)).find(
        (t) => t.id === request.actor.id,
      );
      if (!token) return { refused: 'the API token no longer exists' };
      if (token.revokedAt) return { refused: 'the API token was revoked' };
      if (token.expiresAt && token.expiresAt <= deps.clock.now()) return { refused: 'the API token has expired' };
      return {
        principal: {
          actor: { type: 'token', id: token.id, name: token.name },
          org: orgRef,
          role: token.role,
          grants: grantsOf(deps.permissions, token.role),
        },
      };
    }
    const user = await deps.read.users.byId(request.actor.id);
    if (!user) return { refused: 'the account no longer exists' };
    const membership = (await deps.read.users.memberships(user.id)).find((m) => m.org.id === org.id);
    if (!membership) return { refused: `${user.email} is no longer a member of ${org.slug}` };
    if (membership.status !== 'active') return { refused: `the membership of ${user.email} is disabled` };
    return {
      principal: {
        actor: { type: 'user', id: user.id, email: user.email },
        org: orgRef,
        role: membership.role,
        grants: grantsOf(deps.permissions, membership.role),
      },
    };
  }
}
