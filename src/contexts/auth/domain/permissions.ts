import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import type { Role } from '../../../kernel/roles.js';

/**
 * The one permission table. Every use case asks `authorize` before it reads or
 * changes tenant data; later contexts add their permissions here.
 */
export const PERMISSIONS = {
  'org.read': ['owner', 'admin', 'consultant', 'viewer'],
  'org.update': ['owner', 'admin'],
  'user.read': ['owner', 'admin', 'consultant', 'viewer'],
  'user.manage': ['owner', 'admin'],
  'token.read': ['owner', 'admin'],
  'token.manage': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'framework.read': ['owner', 'admin', 'consultant', 'viewer'],
  'framework.import': ['owner', 'admin'],
  'assessment.read': ['owner', 'admin', 'consultant', 'viewer'],
  'assessment.write': ['owner', 'admin', 'consultant'],
  'assessment.delete': ['owner', 'admin'],
  'assessment.reopen': ['owner', 'admin'],
  'finding.write': ['owner', 'admin', 'consultant'],
  'report.generate': ['owner', 'admin', 'consultant', 'viewer'],
  'report.read': ['owner', 'admin', 'consultant', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The organisation and role of a principal allowed to do `permission`, or an error. */
export function authorize(principal: Principal, permission: Permission): { orgId: string; role: Role } {
  if (!principal.org || !principal.role) {
    throw new AppError(
      'invalid-input',
      'AUTH.NO_ORGANISATION',
      'no organisation selected',
      'pass --org <slug>, or run `renfe org use <slug>`',
    );
  }
  if (!can(principal.role, permission)) {
    throw new AppError(
      'forbidden',
      'AUTH.FORBIDDEN',
      `role ${principal.role} may not do ${permission} in organisation ${principal.org.slug}`,
    );
  }
  return { orgId: principal.org.id, role: principal.role };
}
