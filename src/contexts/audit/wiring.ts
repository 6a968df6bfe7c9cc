import type { Shared, StoreFactory } from '../../module.js';
import { kyselyAuditLog, kyselyAuditReader } from './adapters/persistence/kysely-audit-log.js';
import { fileSigningKeys } from './adapters/keys/file-signing-keys.js';
import { hmacEntryAuthenticator } from './adapters/keys/hmac-entry-authenticator.js';
import { checkpointAudit } from './application/checkpoint.query.js';
import { listAudit } from './application/list-audit.query.js';
import { verifyAudit } from './application/verify-audit.query.js';

const authenticatorOf = (options: Readonly<Record<string, unknown>>) =>
  typeof options.auditKey === 'string' && options.auditKey !== '' ? hmacEntryAuthenticator(options.auditKey) : null;

export const auditStores: StoreFactory = (executor, shared) => ({
  audit: kyselyAuditLog(executor, shared.capabilities, () => shared.clock.now(), authenticatorOf(shared.options)),
});

export function wireAudit(shared: Shared) {
  const reader = kyselyAuditReader(shared.db);
  const keyDir = (shared.options as { keyDir?: string }).keyDir;
  const keys = keyDir ? fileSigningKeys(keyDir) : null;
  return {
    list: listAudit(reader),
    verify: verifyAudit(reader, keys, authenticatorOf(shared.options)),
    checkpoint: checkpointAudit(reader, keys, shared.clock),
  };
}
