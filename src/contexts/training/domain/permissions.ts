import type { Role } from '../../../kernel/roles.js';

/**
 * The training context's part of the permission table. Every member learns
 * (takes what is assigned to them, sees their own attempts); viewers also read
 * the aggregates; consultants assign and read who completed what; owners and
 * admins author courses, record completions done elsewhere and annul attempts.
 */
export const TRAINING_PERMISSIONS = {
  'training.learn': ['owner', 'admin', 'consultant', 'viewer'],
  'training.aggregates': ['owner', 'admin', 'consultant', 'viewer'],
  'training.read': ['owner', 'admin', 'consultant'],
  'training.assign': ['owner', 'admin', 'consultant'],
  'training.author': ['owner', 'admin'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
