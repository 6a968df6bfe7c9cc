import type { StoreFactory } from '../../module.js';
import { hmacEntryAuthenticator } from './adapters/keys/hmac-entry-authenticator.js';
import { kyselyAuditLog } from './adapters/persistence/kysely-audit-log.js';

/** The entry authenticator, when an audit key is set (profile `audit.key` or RENFE_AUDIT_KEY). */
export const authenticatorOf = (options: Readonly<Record<string, unknown>>) =>
  typeof options.auditKey === 'string' && options.auditKey !== '' ? hmacEntryAuthenticator(options.auditKey) : null;

/** The audit log of every unit of work (loaded without the audit use cases). */
export const auditStores: StoreFactory = (executor, shared) => ({
  audit: kyselyAuditLog(executor, shared.capabilities, () => shared.clock.now(), authenticatorOf(shared.options)),
});
