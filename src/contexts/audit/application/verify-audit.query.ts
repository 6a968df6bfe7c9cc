import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../../auth/index.js';
import { type ChainVerdict, verifyChain } from '../domain/audit-chain.js';
import type { AuditReader } from './ports.js';

/** Recomputes the current organisation's hash chain end to end. */
export function verifyAudit(reader: AuditReader) {
  return async (principal: Principal): Promise<ChainVerdict & { organization: string }> => {
    const { orgId } = authorize(principal, 'audit.read');
    const [events, head] = await Promise.all([reader.all(orgId), reader.head(orgId)]);
    return { ...verifyChain(events, head), organization: principal.org?.slug ?? orgId };
  };
}
