import type { AuditActor, AuditEntry, AuditEvent } from '../domain/audit-chain.js';

/** Appends to one chain inside the caller's transaction. */
export interface AuditWriter {
  append(actor: AuditActor, entry: AuditEntry): Promise<void>;
}

/** The audit log as a writing transaction sees it. */
export interface AuditLog {
  /** The chain of an organisation, or the system chain for `null`. */
  chain(orgId: string | null): AuditWriter;
  /** Starts an organisation's chain; called in the transaction that creates it. */
  startChain(orgId: string): Promise<void>;
}

/** Reads of one organisation's chain. */
export interface AuditReader {
  list(orgId: string, options: { limit: number; action?: string }): Promise<AuditEvent[]>;
  all(orgId: string): Promise<AuditEvent[]>;
  head(orgId: string): Promise<{ seq: number; hash: string } | null>;
}
