import { defineModule } from '../../module.js';
import { ASSESSMENT_ERRORS } from './errors.js';
import { ASSESSMENT_PERMISSIONS } from './domain/permissions.js';

/** Frameworks, mappings, assessments, answers, evidence, scoring and findings. */
export const assessmentModule = defineModule({
  name: 'assessment',
  migrations: async () => ({
    '0002-assessment': await import('./adapters/persistence/migrations/0002-assessment.js'),
    '0005-framework-versions': await import('./adapters/persistence/migrations/0005-framework-versions.js'),
  }),
  permissions: ASSESSMENT_PERMISSIONS,
  errors: ASSESSMENT_ERRORS,
  stores: async () => (await import('./wiring.js')).assessmentStores,
  wire: async (shared) => (await import('./wiring.js')).wireAssessment(shared),
  commands: [
    {
      kind: 'legacy',
      load: async () => (await import('./adapters/cli/framework.cli.js')).registerFrameworkCommands,
    },
    {
      kind: 'legacy',
      load: async () => (await import('./adapters/cli/assessment.cli.js')).registerAssessmentCommands,
    },
  ],
});
