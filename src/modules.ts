import type { ContextModule } from './module.js';
import { authModule } from './contexts/auth/module.js';
import { auditModule } from './contexts/audit/module.js';
import { assessmentModule } from './contexts/assessment/module.js';
import { reportingModule } from './contexts/reporting/module.js';
import { billingModule } from './contexts/billing/module.js';
import { surveyModule } from './contexts/survey/module.js';
import { jobsModule } from './contexts/jobs/module.js';
import { cliModule } from './cli/module.js';

/**
 * Every context module, in the order they are wired (a module's `wire` sees
 * the services of those before it) and shown in help. Adding a context is a
 * folder under src/contexts/ and one line here.
 */
export const MODULES = [
  authModule,
  auditModule,
  assessmentModule,
  reportingModule,
  billingModule,
  surveyModule,
  jobsModule,
  cliModule,
] as const satisfies readonly ContextModule<string, unknown>[];

export type Modules = typeof MODULES;
