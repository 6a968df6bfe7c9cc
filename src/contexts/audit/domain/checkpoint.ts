import * as z from 'zod';
import { canonicalJson, type AuditEvent, type ChainVerdict } from './audit-chain.js';

/**
 * A signed checkpoint of one organisation's chain head, written to a file
 * kept outside the database (`renfe audit checkpoint --out head.json`).
 * Checked against it (`audit verify --against head.json`), the chain must
 * still hold the checkpoint's entry with the same hash: entries cut from the
 * end, a wiped chain, and a chain edited and recomputed all fail, even
 * though each of those can be made to pass a plain `audit verify`.
 */
export const CHECKPOINT_SCHEMA = 'renfe.audit-checkpoint/v1';

export const Checkpoint = z.object({
  schema: z.literal(CHECKPOINT_SCHEMA),
  organization: z.object({ id: z.string(), slug: z.string() }),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  keyId: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The text a checkpoint's signature covers: every field but the signature, as canonical JSON. */
export function checkpointSigningText(checkpoint: Omit<Checkpoint, 'signature'>): string {
  const { schema, organization, seq, hash, at, keyId, publicKey } = checkpoint;
  return canonicalJson({ schema, organization, seq, hash, at, keyId, publicKey });
}

/** The chain (already verified link by link) compared with a checkpoint of its head. */
export function compareWithCheckpoint(
  events: readonly AuditEvent[],
  verdict: ChainVerdict,
  checkpoint: Pick<Checkpoint, 'seq' | 'hash'>,
): ChainVerdict {
  if (!verdict.ok) return verdict;
  if (checkpoint.seq === 0) return verdict;
  const last = events.length === 0 ? 0 : (events[events.length - 1] as AuditEvent).seq;
  if (last < checkpoint.seq) {
    return {
      ok: false,
      count: events.length,
      seq: last + 1,
      problem:
        last === 0
          ? `the chain is empty, but the checkpoint holds ${checkpoint.seq} entries (the chain was wiped)`
          : `entries ${last + 1}..${checkpoint.seq} were removed after the checkpoint (the chain ends at entry ${last})`,
    };
  }
  const entry = events.find((e) => e.seq === checkpoint.seq);
  if (!entry || entry.hash !== checkpoint.hash) {
    return {
      ok: false,
      count: events.length,
      seq: checkpoint.seq,
      problem: `entry ${checkpoint.seq} differs from the checkpoint (the chain was edited and recomputed)`,
    };
  }
  return verdict;
}
