import { defineModule, noun, verb } from '../../module.js';
import { SYNC_PERMISSIONS } from './domain/permissions.js';

/** Offline work: single-file assessment bundles, and sync between a local database and a central one. */
export const syncModule = defineModule({
  name: 'sync',
  permissions: SYNC_PERMISSIONS,
  errors: async () => (await import('./errors.js')).SYNC_ERRORS,
  wire: async (shared, wired) => (await import('./wiring.js')).wireSync(shared, wired),
  commands: [
    verb(
      'assessment export <id>',
      'write an assessment to one bundle file: frameworks, answers, notes, evidence, findings, audit entries',
      () => import('./adapters/cli/assessment/export.js'),
    ),
    verb(
      'assessment import',
      'import an assessment from a bundle: all or nothing, hashes checked; --as-copy when it is already here',
      () => import('./adapters/cli/assessment/import.js'),
    ),
    noun('bundle', 'assessment bundles: single files that carry an assessment between workspaces'),
    verb(
      'bundle verify <file>',
      'check a bundle against its manifest: exits 0 intact, 5 modified, 3 not a bundle',
      () => import('./adapters/cli/bundle/verify.js'),
    ),
  ],
});
