/**
 * The audit context: an append-only, hash-chained log of every change, one
 * chain per organisation. Other contexts write through `AuditLog` inside their
 * own transaction and read nothing else from here.
 */
export type { AuditActor, AuditEntry, AuditEvent, ChainVerdict } from './domain/audit-chain.js';
export type { AuditLog, AuditReader, AuditWriter, SigningKey, SigningKeys } from './application/ports.js';
export { auditActorOf } from './domain/audit-chain.js';
/** Organisations' signing keys, kept outside the database: audit checkpoints, and the seals of PDF reports. */
export { fileSigningKeys } from './adapters/keys/file-signing-keys.js';
