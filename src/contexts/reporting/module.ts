import { defineModule } from '../../module.js';
import { REPORTING_ERRORS } from './errors.js';
import { REPORTING_PERMISSIONS } from './domain/permissions.js';

/** Report templates, rendering (PDF, JSON, CSV, Markdown, OSCAL), AI narrative and the record of reports. */
export const reportingModule = defineModule({
  name: 'reporting',
  migrations: async () => ({
    '0003-reporting': await import('./adapters/persistence/migrations/0003-reporting.js'),
  }),
  permissions: REPORTING_PERMISSIONS,
  errors: REPORTING_ERRORS,
  usage: async () => (await import('./adapters/persistence/reporting-usage.js')).REPORTING_USAGE,
  stores: async () => (await import('./wiring.js')).reportingStores,
  wire: async (shared, wired) => (await import('./wiring.js')).wireReporting(shared, wired),
  commands: [
    { kind: 'legacy', load: async () => (await import('./adapters/cli/report.cli.js')).registerReportCommands },
  ],
});
