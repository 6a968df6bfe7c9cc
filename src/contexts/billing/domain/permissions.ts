import type { Role } from '../../../kernel/roles.js';

/** The billing context's part of the permission table. */
export const BILLING_PERMISSIONS = {
  'billing.read': ['owner', 'admin'],
  'billing.manage': ['owner', 'admin'],
  'billing.plan.set': ['owner'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
