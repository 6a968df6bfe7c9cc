import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';

/** What a use case says happened. */
export interface AuditEntry {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly details?: Record<string, unknown>;
}

export interface AuditActor {
  readonly type: 'user' | 'token' | 'anonymous';
  readonly id: string | null;
  readonly label: string;
}

/** One stored link of an organisation's chain. */
export interface AuditEvent {
  readonly orgId: string | null;
  readonly seq: number;
  readonly at: string;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** Canonical JSON text, exactly as hashed. */
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
  /** The authentication code written with the audit key, if there was one (not part of the hash). */
  readonly mac?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same details always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  const material = JSON.stringify([
    event.orgId,
    event.seq,
    event.at,
    event.actorType,
    event.actorId,
    event.actorLabel,
    event.action,
    event.targetType,
    event.targetId,
    event.details,
    event.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** The next link after `head` (null for an empty chain). */
export function nextEvent(
  orgId: string | null,
  head: { seq: number; hash: string } | null,
  actor: AuditActor,
  entry: AuditEntry,
  at: Date,
): AuditEvent {
  const unsigned = {
    orgId,
    seq: (head?.seq ?? 0) + 1,
    at: at.toISOString(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: canonicalJson(entry.details ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unsigned, hash: hashEvent(unsigned) };
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; count: number; seq: number; problem: string };

/**
 * Walks a chain in sequence order. `head` is the separately stored last link,
 * which reveals entries removed from the end.
 */
export function verifyChain(events: readonly AuditEvent[], head: { seq: number; hash: string } | null): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) {
      return { ok: false, count: events.length, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
    }
    if (event.prevHash !== prev) {
      return {
        ok: false,
        count: events.length,
        seq: event.seq,
        problem: `entry ${event.seq} does not follow entry ${event.seq - 1} (chain link broken)`,
      };
    }
    const { hash, ...rest } = event;
    if (hashEvent(rest) !== hash) {
      return { ok: false, count: events.length, seq: event.seq, problem: `entry ${event.seq} was altered` };
    }
    prev = hash;
    expectedSeq++;
  }
  const lastSeq = expectedSeq - 1;
  if (head && (head.seq !== lastSeq || head.hash !== prev)) {
    const missing = head.seq > lastSeq ? lastSeq + 1 : head.seq;
    return {
      ok: false,
      count: events.length,
      seq: missing,
      problem:
        head.seq > lastSeq
          ? `entries ${lastSeq + 1}..${head.seq} are missing`
          : `chain head does not match entry ${head.seq}`,
    };
  }
  if (!head && events.length > 0) {
    return { ok: false, count: events.length, seq: 1, problem: 'chain head is missing' };
  }
  return { ok: true, count: events.length };
}

/** The audit actor of a principal: a user by email, a token by name. */
export function auditActorOf(principal: Principal): AuditActor {
  return principal.actor.type === 'user'
    ? { type: 'user', id: principal.actor.id, label: principal.actor.email }
    : { type: 'token', id: principal.actor.id, label: `token:${principal.actor.name}` };
}

/**
 * With the audit key at hand: every entry from the first authenticated one on
 * must carry a valid code (entries older than the key carry none). A chain
 * rebuilt or extended without the key fails here even when its hashes agree.
 */
export function verifyMacs(
  events: readonly AuditEvent[],
  verdict: ChainVerdict,
  mac: (event: AuditEvent) => string,
): ChainVerdict & { authenticated: number } {
  let authenticated = 0;
  let started = false;
  for (const event of events) {
    if (event.mac) {
      started = true;
      if (event.mac !== mac(event)) {
        return verdict.ok
          ? {
              ok: false,
              count: events.length,
              seq: event.seq,
              problem: `entry ${event.seq} fails its authentication code (altered or rebuilt without the audit key)`,
              authenticated,
            }
          : { ...verdict, authenticated };
      }
      authenticated++;
    } else if (started && verdict.ok) {
      return {
        ok: false,
        count: events.length,
        seq: event.seq,
        problem: `entry ${event.seq} is not authenticated (written or rebuilt without the audit key)`,
        authenticated,
      };
    }
  }
  return { ...verdict, authenticated };
}
