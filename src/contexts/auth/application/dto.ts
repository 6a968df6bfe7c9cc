import type { Principal } from '../../../kernel/principal.js';
import type { ApiToken, Member, Membership, Organization } from './ports.js';

/** The plain shapes use cases return; they are also the `--json` contract. */
export interface OrganizationDto {
  id: string;
  slug: string;
  name: string;
  role: string | null;
  status: string | null;
  createdAt: string;
}

export function organizationDto(org: Organization, membership?: Pick<Membership, 'role' | 'status'>): OrganizationDto {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    role: membership?.role ?? null,
    status: membership?.status ?? null,
    createdAt: org.createdAt.toISOString(),
  };
}

export interface MemberDto {
  id: string;
  email: string;
  name: string | null;
  role: string;
  status: string;
  hasPassword: boolean;
  joinedAt: string;
}

export function memberDto(m: Member): MemberDto {
  // Until they accept, an invited person's account (its name, whether it has a password) is theirs, not ours.
  const invited = m.status === 'invited';
  return {
    id: m.userId,
    email: m.email,
    name: invited ? null : m.name,
    role: m.role,
    status: m.status,
    hasPassword: invited ? false : m.hasPassword,
    joinedAt: m.joinedAt.toISOString(),
  };
}

export interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

export function tokenDto(t: ApiToken, now: Date): TokenDto {
  const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    state,
  };
}

export interface WhoAmIDto {
  actor: { type: 'user' | 'token'; id: string; label: string };
  organization: { id: string; slug: string; name: string } | null;
  role: string | null;
}

export function whoAmIDto(principal: Principal): WhoAmIDto {
  const a = principal.actor;
  return {
    actor: { type: a.type, id: a.id, label: a.type === 'user' ? a.email : a.name },
    organization: principal.org ? { ...principal.org } : null,
    role: principal.role,
  };
}
