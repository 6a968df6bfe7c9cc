import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import { isRole, type Role } from '../../../../kernel/roles.js';
import type {
  ApiToken,
  ApiTokenRepository,
  AuthStore,
  Member,
  MemberRepository,
  Membership,
  MembershipStatus,
  Organization,
  OrganizationRepository,
  SessionRepository,
  TokenAuthenticator,
  User,
  UserRepository,
} from '../../application/ports.js';
import type { AuthApiTokensTable, AuthOrganizationsTable, AuthUsersTable } from './auth-tables.js';

// Row mappers own the conversion from what the drivers return to domain types.
const date = (v: string) => new Date(v);
const dateOrNull = (v: string | null) => (v === null ? null : new Date(v));
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

function role(v: string): Role {
  if (!isRole(v)) throw new Error(`unknown role stored in database: ${v}`);
  return v;
}

function toOrganization(r: Selectable<AuthOrganizationsTable>): Organization {
  return { id: r.id, slug: r.slug, name: r.name, createdAt: date(r.created_at) };
}

function toUser(r: Selectable<AuthUsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    counters: {
      failedCount: Number(r.failed_login_count),
      windowStartedAt: dateOrNull(r.failed_window_start),
      lockedUntil: dateOrNull(r.locked_until),
    },
    createdAt: date(r.created_at),
  };
}

function toToken(r: Selectable<AuthApiTokensTable>): ApiToken {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    prefix: r.token_prefix,
    role: role(r.role),
    createdBy: r.created_by,
    createdAt: date(r.created_at),
    expiresAt: dateOrNull(r.expires_at),
    revokedAt: dateOrNull(r.revoked_at),
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function kyselyAuthStore(db: Kysely<Database>): AuthStore {
  const organizations: OrganizationRepository = {
    async create(org) {
      await db
        .insertInto('auth_organizations')
        .values({ id: org.id, slug: org.slug, name: org.name, created_at: iso(org.createdAt) })
        .execute();
    },
    async bySlug(slug) {
      const row = await db.selectFrom('auth_organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toOrganization(row) : null;
    },
    async slugsLike(base) {
      const rows = await db
        .selectFrom('auth_organizations')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${escapeLike(base)}-%`)]))
        .execute();
      return new Set(rows.map((r) => r.slug));
    },
    async count() {
      const row = await db
        .selectFrom('auth_organizations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async policies(orgIds) {
      if (orgIds.length === 0) return new Map();
      const rows = await db.selectFrom('auth_org_policies').selectAll().where('org_id', 'in', orgIds).execute();
      return new Map(
        rows.map((r) => [
          r.org_id,
          {
            maxFailures: Number(r.max_failures),
            windowMinutes: Number(r.window_minutes),
            lockMinutes: Number(r.lock_minutes),
            sessionHours: Number(r.session_hours),
          },
        ]),
      );
    },
    async setPolicy(orgId, p, at, by) {
      const values = {
        max_failures: p.maxFailures,
        window_minutes: p.windowMinutes,
        lock_minutes: p.lockMinutes,
        session_hours: p.sessionHours,
        updated_at: iso(at),
        updated_by: by,
      };
      await db
        .insertInto('auth_org_policies')
        .values({ org_id: orgId, ...values })
        .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
        .execute();
    },
  };

  const users: UserRepository = {
    async create(user) {
      await db
        .insertInto('auth_users')
        .values({
          id: user.id,
          email: user.email,
          name: user.name,
          password_hash: user.passwordHash,
          failed_login_count: user.counters.failedCount,
          failed_window_start: isoOrNull(user.counters.windowStartedAt),
          locked_until: isoOrNull(user.counters.lockedUntil),
          created_at: iso(user.createdAt),
        })
        .execute();
    },
    async byEmail(email) {
      const row = await db.selectFrom('auth_users').selectAll().where('email', '=', email).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async byId(id) {
      const row = await db.selectFrom('auth_users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async setCounters(userId, c) {
      await db
        .updateTable('auth_users')
        .set({
          failed_login_count: c.failedCount,
          failed_window_start: isoOrNull(c.windowStartedAt),
          locked_until: isoOrNull(c.lockedUntil),
        })
        .where('id', '=', userId)
        .execute();
    },
    async setPassword(userId, passwordHash) {
      await db.updateTable('auth_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    async memberships(userId): Promise<Membership[]> {
      const rows = await db
        .selectFrom('auth_memberships as m')
        .innerJoin('auth_organizations as o', 'o.id', 'm.org_id')
        .select(['o.id', 'o.slug', 'o.name', 'o.created_at', 'm.role', 'm.status'])
        .where('m.user_id', '=', userId)
        .orderBy('o.slug')
        .execute();
      return rows.map((r) => ({
        org: toOrganization(r),
        role: role(r.role),
        status: r.status as MembershipStatus,
      }));
    },
    async count() {
      const row = await db
        .selectFrom('auth_users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };

  const sessions: SessionRepository = {
    async create(s) {
      await db
        .insertInto('auth_sessions')
        .values({
          id: s.id,
          token_hash: s.tokenHash,
          user_id: s.userId,
          created_at: iso(s.createdAt),
          expires_at: iso(s.expiresAt),
          revoked_at: isoOrNull(s.revokedAt),
        })
        .execute();
    },
    async byTokenHash(tokenHash) {
      const r = await db.selectFrom('auth_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r
        ? { id: r.id, userId: r.user_id, expiresAt: date(r.expires_at), revokedAt: dateOrNull(r.revoked_at) }
        : null;
    },
    async revoke(id, at) {
      await db
        .updateTable('auth_sessions')
        .set({ revoked_at: iso(at) })
        .where('id', '=', id)
        .execute();
    },
    async revokeAllOf(userId, at) {
      await db
        .updateTable('auth_sessions')
        .set({ revoked_at: iso(at) })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };

  const tokenAuthenticator: TokenAuthenticator = {
    async byHash(tokenHash) {
      const r = await db
        .selectFrom('auth_api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!r) return null;
      const org = await db
        .selectFrom('auth_organizations')
        .selectAll()
        .where('id', '=', r.org_id)
        .executeTakeFirstOrThrow();
      return { token: toToken(r), org: toOrganization(org) };
    },
  };

  return { organizations, users, sessions, tokenAuthenticator, forOrg: (orgId) => tenantRepositories(db, orgId) };
}

/** Every query below is filtered by the organisation the repositories were made for. */
function tenantRepositories(db: Kysely<Database>, orgId: string) {
  const memberQuery = () =>
    db
      .selectFrom('auth_memberships as m')
      .innerJoin('auth_users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.password_hash', 'm.role', 'm.status', 'm.created_at'])
      .where('m.org_id', '=', orgId);

  const toMember = (r: {
    id: string;
    email: string;
    name: string | null;
    password_hash: string | null;
    role: string;
    status: string;
    created_at: string;
  }): Member => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: role(r.role),
    status: r.status as MembershipStatus,
    joinedAt: date(r.created_at),
    hasPassword: r.password_hash !== null,
  });

  const members: MemberRepository = {
    async list() {
      return (await memberQuery().orderBy('u.email').execute()).map(toMember);
    },
    async byEmail(email) {
      const r = await memberQuery().where('u.email', '=', email).executeTakeFirst();
      return r ? toMember(r) : null;
    },
    async add(userId, r, at, status = 'active') {
      await db
        .insertInto('auth_memberships')
        .values({ org_id: orgId, user_id: userId, role: r, status, created_at: iso(at) })
        .execute();
    },
    async setRole(userId, r) {
      await db
        .updateTable('auth_memberships')
        .set({ role: r })
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .execute();
    },
    async setStatus(userId, status) {
      await db
        .updateTable('auth_memberships')
        .set({ status })
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .execute();
    },
    async countOwners() {
      const row = await db
        .selectFrom('auth_memberships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .where('role', '=', 'owner')
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };

  const tokens: ApiTokenRepository = {
    async list() {
      const rows = await db
        .selectFrom('auth_api_tokens')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at')
        .execute();
      return rows.map(toToken);
    },
    async create(t) {
      await db
        .insertInto('auth_api_tokens')
        .values({
          id: t.id,
          org_id: orgId,
          name: t.name,
          token_hash: t.tokenHash,
          token_prefix: t.prefix,
          role: t.role,
          created_by: t.createdBy,
          created_at: iso(t.createdAt),
          expires_at: isoOrNull(t.expiresAt),
          revoked_at: isoOrNull(t.revokedAt),
        })
        .execute();
    },
    async byIdOrName(idOrName) {
      const rows = await db
        .selectFrom('auth_api_tokens')
        .selectAll()
        .where('org_id', '=', orgId)
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .execute();
      return rows.map(toToken);
    },
    async revoke(id, at) {
      await db
        .updateTable('auth_api_tokens')
        .set({ revoked_at: iso(at) })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
  };

  return { members, tokens };
}
