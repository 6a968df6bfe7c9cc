import { defineModule, noun, verb } from '../../module.js';
import { AUDIT_PERMISSIONS } from './domain/permissions.js';

/** The append-only, hash-chained audit trail (its tables are created by auth's first migration). */
export const auditModule = defineModule({
  name: 'audit',
  permissions: AUDIT_PERMISSIONS,
  errors: async () => (await import('./errors.js')).AUDIT_ERRORS,
  stores: async () => (await import('./stores.js')).auditStores,
  wire: async (shared) => (await import('./wiring.js')).wireAudit(shared),
  commands: [
    noun('audit', "the organisation's tamper-evident audit trail"),
    verb('audit list', 'list audit entries, newest first', () => import('./adapters/cli/audit/list.js')),
    verb(
      'audit verify',
      'recompute the hash chain; exits 5 naming the first bad entry if any was edited or removed',
      () => import('./adapters/cli/audit/verify.js'),
    ),
    verb(
      'audit checkpoint',
      "sign the chain's head with the organisation's key; keep the file outside the database",
      () => import('./adapters/cli/audit/checkpoint.js'),
    ),
  ],
});
