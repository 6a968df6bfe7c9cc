import { createHmac } from 'node:crypto';
import type { EntryAuthenticator } from '../../application/ports.js';

/**
 * HMAC-SHA256 over an entry's chain, sequence and hash with the audit key
 * (`RENFE_AUDIT_KEY` or the profile's `audit.key`). Without the key, entries
 * cannot be rebuilt so that they pass `audit verify` run with it.
 */
export function hmacEntryAuthenticator(key: string): EntryAuthenticator {
  return {
    mac: (event) =>
      createHmac('sha256', key)
        .update(`${event.orgId ?? 'system'}:${event.seq}:${event.hash}`)
        .digest('hex'),
  };
}
