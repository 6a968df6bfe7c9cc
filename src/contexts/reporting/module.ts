import { defineModule, noun, verb } from '../../module.js';
import { REPORTING_PERMISSIONS } from './domain/permissions.js';

/** Report templates, rendering (PDF, JSON, CSV, Markdown, OSCAL), AI narrative and the record of reports. */
export const reportingModule = defineModule({
  name: 'reporting',
  migrations: {
    '0003-reporting': () => import('./adapters/persistence/migrations/0003-reporting.js'),
  },
  permissions: REPORTING_PERMISSIONS,
  errors: async () => (await import('./errors.js')).REPORTING_ERRORS,
  usage: async () => (await import('./adapters/persistence/reporting-usage.js')).REPORTING_USAGE,
  stores: async () => (await import('./stores.js')).reportingStores,
  wire: async (shared, wired) => (await import('./wiring.js')).wireReporting(shared, wired),
  commands: [
    noun('report', 'reports: PDF from templates, and JSON, CSV, Markdown and OSCAL exports'),
    verb('report templates', 'list the report templates', () => import('./adapters/cli/report/templates.js')),
    verb(
      'report generate [assessment]',
      'render a report of an assessment (or, with --training, the training report) and record its hashes',
      () => import('./adapters/cli/report/generate.js'),
    ),
    verb(
      'report batch',
      'one report per assessment (a file of ids, or every final one), rendered here or queued for workers',
      () => import('./adapters/cli/report/batch.js'),
    ),
    verb('report list', 'list generated reports with their hashes', () => import('./adapters/cli/report/list.js')),
    verb(
      'report verify <file>',
      'check that a file is a report renfe produced and whether its assessment has changed since (exit 4: not ours; exit 5: data changed)',
      () => import('./adapters/cli/report/verify.js'),
    ),
  ],
});
