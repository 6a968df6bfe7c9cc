import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal.js';

/**
 * Whose data the database work of the current call may reach. On PostgreSQL
 * every unit of work begun under a scope runs as a role that does not own the
 * tables, with the organisation and actor set for its transaction
 * (`persistence/connect.ts`), and row-level security admits only that
 * organisation's rows. SQLite has no row-level security: there the scope
 * changes nothing and the repositories' own filters are the only guard.
 *
 * - `tenant`: one organisation (the principal's). An empty `orgId` reaches no
 *   tenant row at all: a use case called without a principal sees nothing
 *   until it declares a cross-tenant purpose.
 * - `cross-tenant`: work that cannot know its organisation first (logging in
 *   by email, looking up a token or session, listing the caller's
 *   organisations, creating one, the worker claiming jobs, webhooks, one-time
 *   links). It runs as another role, with the purpose named, and only through
 *   `crossTenant()`, so every such path is written out in the use case.
 */
export type TenantScope =
  | { readonly kind: 'tenant'; readonly orgId: string; readonly actor: string }
  | { readonly kind: 'cross-tenant'; readonly purpose: CrossTenantPurpose; readonly actor: string };

/** Every reason the application has to reach more than one organisation's rows. */
export const CROSS_TENANT_PURPOSES = [
  /** `renfe init`: the first organisation and its owner. */
  'init',
  /** Logging in by email, before an organisation is chosen (lockout counts the account's organisations). */
  'login',
  /** Turning a session or API token into a principal. */
  'authenticate',
  /** The caller's own organisations (`org list`). */
  'org-list',
  /** A new organisation: its slug must be free across all of them. */
  'org-create',
  /** Inviting by email: the account may already exist in another organisation. */
  'user-invite',
  /** An account's password, which every organisation the account belongs to shares (and audits). */
  'account-password',
  /** Importing a bundle: its ids are kept only when no organisation's row holds them (ids are unique database-wide). */
  'bundle-import',
  /** The worker claiming queued jobs and due schedules of every organisation. */
  'worker',
  /** A job run on behalf of the principal that queued it. */
  'job-principal',
  /** A payment provider's webhook, which names a customer, not a principal. */
  'billing-webhook',
  /** A one-time link (survey invitation, certificate check) that names no organisation. */
  'one-time-link',
] as const;
export type CrossTenantPurpose = (typeof CROSS_TENANT_PURPOSES)[number];

const storage = new AsyncLocalStorage<TenantScope>();

/** The scope of the current call, if any (none: migrations and schema checks, run by the owner). */
export function currentTenantScope(): TenantScope | undefined {
  return storage.getStore();
}

/** Runs `work` for one organisation (`orgId` empty: for none). */
export function inTenant<T>(orgId: string, actor: string, work: () => T): T {
  return storage.run({ kind: 'tenant', orgId, actor }, work);
}

/** The scope a principal acts in: its organisation, or none when it has none. */
export function inPrincipalScope<T>(principal: Principal, work: () => T): T {
  return inTenant(principal.org?.id ?? '', `${principal.actor.type}:${principal.actor.id}`, work);
}

/**
 * Runs `work` across organisations, for the purpose named. Only units of work
 * begun inside it are affected (a transaction already open keeps its scope).
 */
export function crossTenant<T>(purpose: CrossTenantPurpose, work: () => Promise<T>): Promise<T> {
  const actor = storage.getStore()?.actor ?? '';
  return storage.run({ kind: 'cross-tenant', purpose, actor }, work);
}

/**
 * A use case that reaches more than one organisation's rows: each unit of work
 * it begins runs under the cross-tenant role, for the purpose named. Wiring
 * wraps exactly those use cases; every other one runs in its principal's
 * organisation only.
 */
export function acrossTenants<A extends unknown[], R>(
  purpose: CrossTenantPurpose,
  useCase: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => crossTenant(purpose, () => useCase(...args));
}

/** Whether a value is a principal (what the composition root scopes a use case call by). */
export function isPrincipal(value: unknown): value is Principal {
  const v = value as Partial<Principal> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.actor === 'object' &&
    v.actor !== null &&
    'org' in v &&
    v.grants instanceof Set
  );
}
