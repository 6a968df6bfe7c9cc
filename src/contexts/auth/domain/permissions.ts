import type { Principal } from '../../../kernel/principal.js';
import type { Role } from '../../../kernel/roles.js';
import { AUTH_ERRORS } from '../errors.js';

/** Actions and the roles that hold each one. Every context module declares its own part. */
export type PermissionTable = Readonly<Record<string, readonly Role[]>>;

/** The auth context's part of the permission table. */
export const AUTH_PERMISSIONS = {
  'org.read': ['owner', 'admin', 'consultant', 'viewer'],
  'org.update': ['owner', 'admin'],
  'user.read': ['owner', 'admin', 'consultant', 'viewer'],
  'user.manage': ['owner', 'admin'],
  'token.read': ['owner', 'admin'],
  'token.manage': ['owner', 'admin'],
} as const satisfies PermissionTable;

/** The one permission table: every module's part, merged (a permission is declared once). */
export function mergePermissions(parts: readonly PermissionTable[]): PermissionTable {
  const merged: Record<string, readonly Role[]> = {};
  for (const part of parts) {
    for (const [permission, roles] of Object.entries(part)) {
      if (permission in merged) throw new Error(`permission ${permission} is declared twice`);
      merged[permission] = roles;
    }
  }
  return merged;
}

export function can(table: PermissionTable, role: Role, permission: string): boolean {
  return table[permission]?.includes(role) ?? false;
}

/** What a role may do: computed once when a principal is built. */
export function grantsOf(table: PermissionTable, role: Role | null): ReadonlySet<string> {
  if (!role) return new Set();
  return new Set(Object.keys(table).filter((permission) => can(table, role, permission)));
}

/** The organisation and role of a principal allowed to do `permission`, or an error. */
export function authorize(principal: Principal, permission: string): { orgId: string; role: Role } {
  if (!principal.org || !principal.role) {
    throw AUTH_ERRORS.noOrganisation();
  }
  if (!principal.grants.has(permission)) {
    throw AUTH_ERRORS.forbidden({ role: principal.role, permission, organization: principal.org.slug });
  }
  return { orgId: principal.org.id, role: principal.role };
}
