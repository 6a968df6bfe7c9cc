import type { Role } from '../../../kernel/roles.js';

/** The sync context's part of the permission table (each side also checks the assessment permissions). */
export const SYNC_PERMISSIONS = {
  'sync.read': ['owner', 'admin', 'consultant', 'viewer'],
  'sync.write': ['owner', 'admin', 'consultant'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
