import type { Role } from '../../../kernel/roles.js';

/** The survey context's part of the permission table. Respondents need only a token. */
export const SURVEY_PERMISSIONS = {
  'survey.read': ['owner', 'admin', 'consultant', 'viewer'],
  'survey.manage': ['owner', 'admin'],
  'survey.run': ['owner', 'admin', 'consultant'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;
