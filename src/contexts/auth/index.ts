/**
 * The auth context: organisations (tenants), people and their roles, login
 * sessions, API tokens, and the permission table every use case consults.
 * Other contexts import from this file only.
 */
export { authorize, can, PERMISSIONS, type Permission } from './domain/permissions.js';
export type { AuthDeps, AuthSettings, UnitOfWork, AuthTransaction } from './application/ports.js';
export { DEFAULT_LOCKOUT, type LockoutPolicy } from './domain/lockout.js';
