/**
 * The audit context: an append-only, hash-chained log of every change, one
 * chain per organisation. Other contexts write through `AuditLog` inside their
 * own transaction and read nothing else from here.
 */
export type { AuditActor, AuditEntry, AuditEvent, ChainVerdict } from './domain/audit-chain.js';
export type { AuditLog, AuditReader, AuditWriter } from './application/ports.js';
export { auditActorOf } from './domain/audit-chain.js';
