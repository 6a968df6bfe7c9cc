import type { ContextModule } from './module.js';
import { authModule } from './contexts/auth/module.js';
import { auditModule } from './contexts/audit/module.js';
import { assessmentModule } from './contexts/assessment/module.js';
import { reportingModule } from './contexts/reporting/module.js';
import { billingModule } from './contexts/billing/module.js';
import { surveyModule } from './contexts/survey/module.js';
import { trainingModule } from './contexts/training/module.js';
import { jobsModule } from './contexts/jobs/module.js';
import { syncModule } from './contexts/sync/module.js';
import { cliModule } from './cli/module.js';

/**
 * Every context module, in help order: adding a context is a folder under
 * src/contexts/ and its line here (the import above and its entry below; the
 * lint fails for a context folder that is missing). The manifests are light
 * and bundled with the command tree; everything else a module has is loaded
 * when a command first uses it.
 */
export const MODULES = [
  authModule,
  auditModule,
  assessmentModule,
  reportingModule,
  billingModule,
  surveyModule,
  trainingModule,
  jobsModule,
  syncModule,
  cliModule,
] as const satisfies readonly ContextModule<string, unknown>[];

export type Modules = typeof MODULES;
