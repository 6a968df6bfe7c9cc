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
  /** Entries about one target and what lies under it (`<id>` and `<id>:...`), oldest first. */
  about(orgId: string, targetId: string): Promise<AuditEvent[]>;
  head(orgId: string): Promise<{ seq: number; hash: string } | null>;
}

/** An organisation's signing key, held outside the database. */
export interface SigningKey {
  /** First 16 hex digits of the public key's SHA-256: what owners compare out of band. */
  readonly keyId: string;
  /** The public key (SPKI DER, base64). */
  readonly publicKey: string;
  /** Signature (base64) over the text. */
  sign(data: string): string;
}

/** Where organisations' signing keys are kept; never the database. */
export interface SigningKeys {
  /** The organisation's key; created when `create` is set and none exists yet, else null. */
  forOrg(orgId: string, create: boolean): Promise<SigningKey | null>;
  verify(publicKey: string, data: string, signature: string): boolean;
  keyIdOf(publicKey: string): string;
}

/** Authenticates audit entries with the audit key (from the profile or the environment, never the database). */
export interface EntryAuthenticator {
  mac(event: { readonly orgId: string | null; readonly seq: number; readonly hash: string }): string;
}
