import type { Clock } from '../../../kernel/clock.js';
import type { Role } from '../../../kernel/roles.js';
import type { AuditLog } from '../../audit/index.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { PermissionTable } from '../domain/permissions.js';
import type { LockoutPolicy, LoginCounters } from '../domain/lockout.js';
import type { SecurityPolicy } from '../domain/security-policy.js';

export interface Organization {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly passwordHash: string | null;
  readonly counters: LoginCounters;
  readonly createdAt: Date;
}

/** `invited`: added by an admin, not yet accepted (the person accepts by logging in). */
export type MembershipStatus = 'active' | 'disabled' | 'invited';

export interface Membership {
  readonly org: Organization;
  readonly role: Role;
  readonly status: MembershipStatus;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly status: MembershipStatus;
  readonly joinedAt: Date;
  readonly hasPassword: boolean;
}

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export interface ApiToken {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Data that belongs to no single tenant: organisations, people, sessions. */
export interface OrganizationRepository {
  create(org: Organization): Promise<void>;
  bySlug(slug: string): Promise<Organization | null>;
  slugsLike(base: string): Promise<Set<string>>;
  count(): Promise<number>;
  /** The login policies stored for these organisations (those without one are left out). */
  policies(orgIds: readonly string[]): Promise<Map<string, SecurityPolicy>>;
  setPolicy(orgId: string, policy: SecurityPolicy, at: Date, by: string | null): Promise<void>;
}

export interface UserRepository {
  create(user: User): Promise<void>;
  byEmail(email: string): Promise<User | null>;
  byId(id: string): Promise<User | null>;
  setCounters(userId: string, counters: LoginCounters): Promise<void>;
  setPassword(userId: string, passwordHash: string): Promise<void>;
  memberships(userId: string): Promise<Membership[]>;
  count(): Promise<number>;
}

export interface SessionRepository {
  create(session: Session & { tokenHash: string; createdAt: Date }): Promise<void>;
  byTokenHash(tokenHash: string): Promise<Session | null>;
  revoke(id: string, at: Date): Promise<void>;
  revokeAllOf(userId: string, at: Date): Promise<void>;
}

/** Looks a token up by its hash across organisations: only authentication may do this. */
export interface TokenAuthenticator {
  byHash(tokenHash: string): Promise<{ token: ApiToken; org: Organization } | null>;
}

/** One organisation's members. Every query is scoped to the organisation it was made for. */
export interface MemberRepository {
  list(): Promise<Member[]>;
  byEmail(email: string): Promise<Member | null>;
  add(userId: string, role: Role, at: Date, status?: MembershipStatus): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;
  setStatus(userId: string, status: MembershipStatus): Promise<void>;
  countOwners(): Promise<number>;
}

/** One organisation's API tokens, scoped like MemberRepository. */
export interface ApiTokenRepository {
  list(): Promise<ApiToken[]>;
  create(token: ApiToken & { tokenHash: string }): Promise<void>;
  byIdOrName(idOrName: string): Promise<ApiToken[]>;
  revoke(id: string, at: Date): Promise<void>;
}

export interface AuthStore {
  readonly organizations: OrganizationRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokenAuthenticator: TokenAuthenticator;
  forOrg(orgId: string): { readonly members: MemberRepository; readonly tokens: ApiTokenRepository };
}

export interface AuthTransaction {
  readonly auth: AuthStore;
  readonly audit: AuditLog;
  readonly entitlements: Entitlements;
}

/** Runs work in one transaction: the change and its audit entries commit together or not at all. */
export interface UnitOfWork {
  run<T>(work: (tx: AuthTransaction) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  readonly read: AuthStore;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time of a verification, so unknown emails are not revealed by timing. */
  waste(password: string): Promise<void>;
}

/**
 * What the client asks for (profile `lockout.*`, `session.hours`). Only
 * values stricter than the organisations' policies take effect.
 */
export interface AuthSettings {
  readonly lockout?: { readonly [K in keyof LockoutPolicy]?: number | undefined } | undefined;
  readonly sessionHours?: number | undefined;
}

export interface AuthDeps {
  readonly uow: UnitOfWork;
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
  readonly settings: AuthSettings;
  /** Every context's permissions, merged: what each role may do. */
  readonly permissions: PermissionTable;
}
