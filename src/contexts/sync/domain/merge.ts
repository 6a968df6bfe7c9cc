/**
 * Sync compares records, not rows: each record of an assessment has a key
 * that is the same in every database (`answer:<framework@version>:<question>`,
 * `finding:<framework@version>:<requirement>`, `evidence:<id>`, `assessment`),
 * as does each submitted survey response (`survey-response:<survey@version>:<id>`)
 * and finished training attempt (`training-attempt:<course@version>:<id>`),
 * and a revision, the SHA-256 of its content. A workspace remembers, per peer
 * and record, the revision both sides last held (the base). Against it each
 * side either changed the record or did not, and that decides what moves.
 */
export type RecordKind = 'assessment' | 'answer' | 'finding' | 'evidence' | 'survey-response' | 'training-attempt';

/** One record as both sides see it: the content compared, and who last changed it and when. */
export interface SyncRecord {
  readonly key: string;
  readonly kind: RecordKind;
  readonly revision: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly by: string | null;
  readonly at: string | null;
}

/** What happens to one record. */
export type MergeAction =
  /** Same revision on both sides and in the base. */
  | 'unchanged'
  /** Same revision on both sides, but the base is behind (a sync cut off after one side committed): only the base moves. */
  | 'settle'
  /** Changed here only: goes to the peer (a deletion goes as a tombstone). */
  | 'send'
  /** Changed there only: comes from the peer. */
  | 'receive'
  /** Changed on both sides to different revisions: kept for a person to resolve, neither overwritten. */
  | 'conflict';

export interface MergeStep {
  readonly key: string;
  readonly action: MergeAction;
  /** Null: absent on that side (never made, or deleted). */
  readonly local: SyncRecord | null;
  readonly remote: SyncRecord | null;
  readonly base: string | null;
}

/** The record order sync keeps: the assessment header last, so a final status lands after the rows it seals. */
export function recordOrder(a: string, b: string): number {
  const rank = (k: string) => (k === 'assessment' ? 1 : 0);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The three-way comparison of every record either side or the base knows, in `recordOrder`. */
export function planMerge(
  local: ReadonlyMap<string, SyncRecord>,
  remote: ReadonlyMap<string, SyncRecord>,
  base: ReadonlyMap<string, string>,
): MergeStep[] {
  const keys = [...new Set([...local.keys(), ...remote.keys(), ...base.keys()])].sort(recordOrder);
  return keys.map((key) => {
    const l = local.get(key) ?? null;
    const r = remote.get(key) ?? null;
    const b = base.get(key) ?? null;
    const lr = l?.revision ?? null;
    const rr = r?.revision ?? null;
    let action: MergeAction;
    if (lr === rr) action = b === lr ? 'unchanged' : 'settle';
    else if (lr !== b && rr === b) action = 'send';
    else if (lr === b && rr !== b) action = 'receive';
    else action = 'conflict';
    return { key, action, local: l, remote: r, base: b };
  });
}

/** Counts of a plan, as `sync status` and the summaries show them. */
export function countPlan(steps: readonly MergeStep[]): Record<MergeAction, number> {
  const counts: Record<MergeAction, number> = { unchanged: 0, settle: 0, send: 0, receive: 0, conflict: 0 };
  for (const s of steps) counts[s.action]++;
  return counts;
}

/** A record key in words: `answer iso27001@2022 A.5.1.Q1`. */
export function describeKey(key: string): string {
  return key.split(':').join(' ');
}

/** JSON with object keys sorted, so equal content always gives the same text (and revision). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
