import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type ChainVerdict, verifyChain, verifyMacs } from '../domain/audit-chain.js';
import { Checkpoint, checkpointSigningText, compareWithCheckpoint } from '../domain/checkpoint.js';
import { AUDIT_ERRORS } from '../errors.js';
import type { AuditReader, EntryAuthenticator, SigningKeys } from './ports.js';

export interface CheckpointCheck {
  seq: number;
  at: string;
  keyId: string;
  /** True when the key is this organisation's key held here; else compare keyId with the one your owners keep. */
  keyKnown: boolean;
}

export type AuditVerdict = ChainVerdict & {
  organization: string;
  checkpoint?: CheckpointCheck;
  /** With the audit key configured: how many entries carry a valid authentication code. */
  authenticated?: number;
};

/**
 * Recomputes the current organisation's hash chain end to end and, given a
 * checkpoint (a file's parsed content), checks the checkpoint's signature
 * and that the chain still holds its entry unchanged.
 */
export function verifyAudit(
  reader: AuditReader,
  keys: SigningKeys | null = null,
  authenticator: EntryAuthenticator | null = null,
) {
  return async (principal: Principal, against?: { file: string; content: unknown }): Promise<AuditVerdict> => {
    const { orgId } = allow(principal, 'audit.read');
    const organization = principal.org?.slug ?? orgId;
    const checkpoint = against ? await checkedCheckpoint(against, orgId, organization, keys) : undefined;
    const [events, head] = await Promise.all([reader.all(orgId), reader.head(orgId)]);
    const linked = verifyChain(events, head);
    const macs = authenticator ? verifyMacs(events, linked, (e) => authenticator.mac(e)) : null;
    const chain: ChainVerdict = macs ?? linked;
    const extra = macs ? { authenticated: macs.authenticated } : {};
    if (!checkpoint) return { ...chain, organization, ...extra };
    return {
      ...extra,
      ...compareWithCheckpoint(events, chain, checkpoint.parsed),
      organization,
      checkpoint: checkpoint.check,
    };
  };
}

async function checkedCheckpoint(
  against: { file: string; content: unknown },
  orgId: string,
  organization: string,
  keys: SigningKeys | null,
): Promise<{ parsed: Checkpoint; check: CheckpointCheck }> {
  const { file } = against;
  const parsed = Checkpoint.safeParse(against.content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw AUDIT_ERRORS.badCheckpoint({
      file,
      problem: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const cp = parsed.data;
  if (cp.organization.id !== orgId) {
    throw AUDIT_ERRORS.checkpointOfOtherOrg({ file, checkpointOrg: cp.organization.slug, organization });
  }
  if (!keys) throw AUDIT_ERRORS.noSigningKey();
  if (keys.keyIdOf(cp.publicKey) !== cp.keyId || !keys.verify(cp.publicKey, checkpointSigningText(cp), cp.signature)) {
    throw AUDIT_ERRORS.forgedCheckpoint({
      file,
      problem: 'the signature does not match the checkpoint (the file was changed)',
    });
  }
  const local = await keys.forOrg(orgId, false);
  if (local && local.keyId !== cp.keyId) {
    throw AUDIT_ERRORS.forgedCheckpoint({
      file,
      problem: `signed by key ${cp.keyId}, not by this organisation's key ${local.keyId}`,
    });
  }
  return { parsed: cp, check: { seq: cp.seq, at: cp.at, keyId: cp.keyId, keyKnown: local !== null } };
}
