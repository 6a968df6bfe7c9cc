import type { Principal } from '../../../kernel/principal.js';
import { grantsOf } from '../domain/permissions.js';
import { digestSecret } from '../domain/secrets.js';
import { AUTH_ERRORS } from '../errors.js';
import type { AuthDeps } from './ports.js';

export interface Credentials {
  /** An API token (RENFE_TOKEN); wins over a session. */
  readonly apiToken?: string | undefined;
  /** The session secret stored by `renfe login`. */
  readonly sessionSecret?: string | undefined;
  /** The organisation asked for (--org, RENFE_ORG or the profile's default). */
  readonly orgSlug?: string | undefined;
}

/** Turns stored credentials into the principal every use case receives. */
export function authenticate(deps: AuthDeps) {
  return async (credentials: Credentials): Promise<Principal> => {
    const now = deps.clock.now();
    const store = deps.uow.read;
    if (credentials.apiToken) {
      const found = await store.tokenAuthenticator.byHash(digestSecret(credentials.apiToken));
      if (!found || found.token.revokedAt || (found.token.expiresAt && found.token.expiresAt <= now)) {
        throw AUTH_ERRORS.badToken();
      }
      const { token, org } = found;
      if (credentials.orgSlug && credentials.orgSlug !== org.slug) {
        throw AUTH_ERRORS.tokenOtherOrg({ tokenOrg: org.slug, organization: credentials.orgSlug });
      }
      return {
        actor: { type: 'token', id: token.id, name: token.name },
        org: { id: org.id, slug: org.slug, name: org.name },
        role: token.role,
        grants: grantsOf(deps.permissions, token.role),
      };
    }

    if (!credentials.sessionSecret) {
      throw AUTH_ERRORS.notLoggedIn(
        { problem: 'not logged in' },
        { hint: 'run `renfe login --email <email> --password-stdin`, or set RENFE_TOKEN' },
      );
    }
    const session = await store.sessions.byTokenHash(digestSecret(credentials.sessionSecret));
    if (!session || session.revokedAt) {
      throw AUTH_ERRORS.notLoggedIn({ problem: 'your session is no longer valid' });
    }
    if (session.expiresAt <= now) {
      throw AUTH_ERRORS.sessionExpired();
    }
    const user = await store.users.byId(session.userId);
    if (!user) {
      throw AUTH_ERRORS.notLoggedIn({ problem: 'your session is no longer valid' });
    }
    const actor = { type: 'user' as const, id: user.id, email: user.email };
    // An invitation not yet accepted (by logging in) is no membership.
    const memberships = (await store.users.memberships(user.id)).filter((m) => m.status !== 'invited');
    const chosen = credentials.orgSlug
      ? memberships.find((m) => m.org.slug === credentials.orgSlug)
      : memberships.length === 1
        ? memberships[0]
        : undefined;
    if (credentials.orgSlug && !chosen) {
      // Same answer whether the organisation exists or not: no probing of other tenants.
      throw AUTH_ERRORS.orgNotFound({ slug: credentials.orgSlug });
    }
    if (!chosen) return { actor, org: null, role: null, grants: new Set() };
    if (chosen.status !== 'active') {
      throw AUTH_ERRORS.membershipDisabled({ organization: chosen.org.slug });
    }
    return {
      actor,
      org: { id: chosen.org.id, slug: chosen.org.slug, name: chosen.org.name },
      role: chosen.role,
      grants: grantsOf(deps.permissions, chosen.role),
    };
  };
}
