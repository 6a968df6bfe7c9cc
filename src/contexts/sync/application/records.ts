import { createHash } from 'node:crypto';
import { canonicalJson, type RecordKind, type SyncRecord } from '../domain/merge.js';

/** The revision of a record: the SHA-256 of its kind and content as canonical JSON. */
export function revisionOf(kind: RecordKind, value: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(canonicalJson({ kind, ...value }))
    .digest('hex');
}

/** A record from its content: the revision is the SHA-256 of that content. */
export function syncRecord(
  kind: RecordKind,
  key: string,
  value: Readonly<Record<string, unknown>>,
  by: string | null,
  at: string | null,
): SyncRecord {
  return { key, kind, value, by, at, revision: revisionOf(kind, value) };
}
