import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { GENESIS_HASH, verifyChain } from '../domain/audit-chain.js';
import { type Checkpoint, CHECKPOINT_SCHEMA, checkpointSigningText } from '../domain/checkpoint.js';
import { AUDIT_ERRORS } from '../errors.js';
import type { AuditReader, SigningKeys } from './ports.js';

/**
 * Signs the current organisation's chain head with the organisation's key
 * (created on first use, kept outside the database). A broken chain is not
 * signed.
 */
export function checkpointAudit(reader: AuditReader, keys: SigningKeys | null, clock: Clock) {
  return async (principal: Principal): Promise<Checkpoint> => {
    const { orgId } = allow(principal, 'audit.read');
    const organization = principal.org?.slug ?? orgId;
    const [events, head] = await Promise.all([reader.all(orgId), reader.head(orgId)]);
    const verdict = verifyChain(events, head);
    if (!verdict.ok) throw AUDIT_ERRORS.brokenChain({ organization, seq: verdict.seq, problem: verdict.problem });
    const key = await keys?.forOrg(orgId, true);
    if (!key) throw AUDIT_ERRORS.noSigningKey();
    const body = {
      schema: CHECKPOINT_SCHEMA,
      organization: { id: orgId, slug: organization },
      seq: head?.seq ?? 0,
      hash: head?.hash ?? GENESIS_HASH,
      at: clock.now().toISOString(),
      keyId: key.keyId,
      publicKey: key.publicKey,
    } as const;
    return { ...body, signature: key.sign(checkpointSigningText(body)) };
  };
}
