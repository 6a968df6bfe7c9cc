import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import type { AuditEvent } from '../domain/audit-chain.js';
import type { AuditReader } from './ports.js';

export interface AuditEventDto {
  seq: number;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
  hash: string;
}

export function auditEventDto(e: AuditEvent): AuditEventDto {
  return {
    seq: e.seq,
    at: e.at,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    target: { type: e.targetType, id: e.targetId },
    details: JSON.parse(e.details) as Record<string, unknown>,
    hash: e.hash,
  };
}

/** The newest entries of the current organisation's audit trail, newest first. */
export function listAudit(reader: AuditReader) {
  return async (
    principal: Principal,
    options: { limit?: number | undefined; action?: string | undefined },
  ): Promise<AuditEventDto[]> => {
    const { orgId } = allow(principal, 'audit.read');
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 10_000);
    const events = await reader.list(orgId, { limit, ...(options.action ? { action: options.action } : {}) });
    return events.map(auditEventDto);
  };
}

/** Every entry of the current organisation's trail about one target and what lies under it, oldest first. */
export function listAuditAbout(reader: AuditReader) {
  return async (principal: Principal, targetId: string): Promise<AuditEventDto[]> => {
    const { orgId } = allow(principal, 'audit.read');
    return (await reader.about(orgId, targetId)).map(auditEventDto);
  };
}
