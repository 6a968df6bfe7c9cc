import type { Role } from '../../../kernel/roles.js';

/** The reporting context's part of the permission table. Viewers may generate, so CI tokens can export. */
export const REPORTING_PERMISSIONS = {
  'report.generate': ['owner', 'admin', 'consultant', 'viewer'],
  'report.read': ['owner', 'admin', 'consultant', 'viewer'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
