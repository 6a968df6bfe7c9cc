import { defineModule, noun, verb } from '../../module.js';
import { SYNC_PERMISSIONS } from './domain/permissions.js';

/** Offline work: single-file assessment bundles, and sync between a local database and a central one. */
export const syncModule = defineModule({
  name: 'sync',
  migrations: {
    '0011-sync': () => import('./adapters/persistence/migrations/0011-sync.js'),
  },
  permissions: SYNC_PERMISSIONS,
  errors: async () => (await import('./errors.js')).SYNC_ERRORS,
  stores: async () => (await import('./stores.js')).syncStores,
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
    noun(
      'sync',
      "sync with the firm's central database: conflicts are kept for a person to resolve, never overwritten",
    ),
    verb(
      'sync push',
      "send this workspace's assessments to a central database (--to a profile or URL), batch by batch",
      () => import('./adapters/cli/sync/push.js'),
    ),
    verb(
      'sync pull',
      'bring assessments from a central database (--from a profile or URL): those synced before, or named',
      () => import('./adapters/cli/sync/pull.js'),
    ),
    verb(
      'sync status',
      'what a sync would move: records changed here, there, and conflicts (--with compares with the peer)',
      () => import('./adapters/cli/sync/status.js'),
    ),
    verb(
      'sync conflicts',
      'the conflicts sync kept: both values, who and when',
      () => import('./adapters/cli/sync/conflicts.js'),
    ),
    verb(
      'sync resolve <conflict>',
      'resolve a conflict: --take local, remote, or value --value <answer>; the next push sends what was chosen',
      () => import('./adapters/cli/sync/resolve.js'),
    ),
  ],
});
