import { defineModule } from '../../module.js';
import { AUDIT_ERRORS } from './errors.js';
import { AUDIT_PERMISSIONS } from './domain/permissions.js';

/** The append-only, hash-chained audit trail (its tables are created by auth's first migration). */
export const auditModule = defineModule({
  name: 'audit',
  permissions: AUDIT_PERMISSIONS,
  errors: AUDIT_ERRORS,
  stores: async () => (await import('./wiring.js')).auditStores,
  wire: async (shared) => (await import('./wiring.js')).wireAudit(shared),
  commands: [{ kind: 'legacy', load: async () => (await import('./adapters/cli/audit.cli.js')).registerAuditCommands }],
});
