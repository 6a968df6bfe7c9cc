import type { Access } from '../../auth/index.js';
import type { JobOwner } from '../domain/job.js';

/** The owner a job stores: the organisation and actor of the principal that queued it. */
export function ownerOf(access: Access): JobOwner {
  const principal = access.principal;
  const org = principal.org as NonNullable<Access['principal']['org']>;
  return {
    orgId: access.orgId,
    orgSlug: org.slug,
    actor: { type: principal.actor.type, id: principal.actor.id, label: access.actor.label },
  };
}
