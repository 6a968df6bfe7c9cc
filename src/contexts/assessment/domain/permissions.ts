import type { Role } from '../../../kernel/roles.js';

/** The assessment context's part of the permission table. */
export const ASSESSMENT_PERMISSIONS = {
  'framework.read': ['owner', 'admin', 'consultant', 'viewer'],
  'framework.import': ['owner', 'admin'],
  'assessment.read': ['owner', 'admin', 'consultant', 'viewer'],
  'assessment.write': ['owner', 'admin', 'consultant'],
  'assessment.delete': ['owner', 'admin'],
  'assessment.reopen': ['owner', 'admin'],
  'finding.write': ['owner', 'admin', 'consultant'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
