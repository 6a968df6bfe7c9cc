import type { ContextModule } from './module.js';

/**
 * Every context module, one line each, in the order they are wired (a
 * module's `wire` sees the services of those before it) and shown in help.
 * Adding a context is a folder under src/contexts/ and one line here; the
 * lint fails for a context folder that is missing from this list.
 */
export const MODULES = [
  (await import('./contexts/auth/module.js')).authModule,
  (await import('./contexts/audit/module.js')).auditModule,
  (await import('./contexts/assessment/module.js')).assessmentModule,
  (await import('./contexts/reporting/module.js')).reportingModule,
  (await import('./contexts/billing/module.js')).billingModule,
  (await import('./contexts/survey/module.js')).surveyModule,
  (await import('./contexts/training/module.js')).trainingModule,
  (await import('./contexts/jobs/module.js')).jobsModule,
  (await import('./contexts/sync/module.js')).syncModule,
  (await import('./cli/module.js')).cliModule,
] as const satisfies readonly ContextModule<string, unknown>[];

export type Modules = typeof MODULES;
