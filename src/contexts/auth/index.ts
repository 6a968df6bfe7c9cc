/**
 * The auth context: organisations (tenants), people and their roles, login
 * sessions, API tokens, and the permission table every use case consults.
 * Other contexts import from this file only.
 */
export {
  AUTH_PERMISSIONS,
  authorize,
  can,
  grantsOf,
  mergePermissions,
  type PermissionTable,
} from './domain/permissions.js';
export type { AuthDeps, AuthSettings, UnitOfWork, AuthTransaction } from './application/ports.js';
export { DEFAULT_LOCKOUT, type LockoutPolicy } from './domain/lockout.js';
export { allow, type Access, type AuditedUnitOfWork, type ChangeScope } from './application/use-case.js';
export { principalForJob, type JobPrincipal, type JobPrincipalRequest } from './application/principal-for-job.query.js';
