import type { Role } from '../../../kernel/roles.js';

/** The audit context's part of the permission table. */
export const AUDIT_PERMISSIONS = {
  'audit.read': ['owner', 'admin'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
