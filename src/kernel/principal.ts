import type { Role } from './roles.js';

/**
 * Who is acting and for which organisation. Built once per command by the auth
 * context and passed to every use case; tenant repositories take the
 * organisation from here, never from a caller's argument.
 */
export interface Principal {
  readonly actor:
    | { readonly type: 'user'; readonly id: string; readonly email: string }
    | { readonly type: 'token'; readonly id: string; readonly name: string };
  /** The organisation the command acts on, or null when the user has none yet. */
  readonly org: { readonly id: string; readonly slug: string; readonly name: string } | null;
  readonly role: Role | null;
  /** The actions `role` holds in the merged permission table of every context module. */
  readonly grants: ReadonlySet<string>;
}

export function actorLabel(principal: Principal): string {
  return principal.actor.type === 'user' ? principal.actor.email : `token:${principal.actor.name}`;
}
