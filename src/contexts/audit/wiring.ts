import type { Shared } from '../../module.js';
import { kyselyAuditReader } from './adapters/persistence/kysely-audit-log.js';
import { fileSigningKeys } from './adapters/keys/file-signing-keys.js';
import { authenticatorOf } from './stores.js';
import { checkpointAudit } from './application/checkpoint.query.js';
import { listAudit, listAuditAbout } from './application/list-audit.query.js';
import { verifyAudit } from './application/verify-audit.query.js';

export function wireAudit(shared: Shared) {
  const reader = kyselyAuditReader(shared.db);
  const keyDir = (shared.options as { keyDir?: string }).keyDir;
  const keys = keyDir ? fileSigningKeys(keyDir) : null;
  return {
    list: listAudit(reader),
    about: listAuditAbout(reader),
    verify: verifyAudit(reader, keys, authenticatorOf(shared.options)),
    checkpoint: checkpointAudit(reader, keys, shared.clock),
  };
}
