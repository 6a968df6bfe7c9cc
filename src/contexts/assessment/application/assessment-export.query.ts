import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AuditLog } from '../../audit/index.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { AssessmentDeps, AssessmentStore } from './ports.js';
import type { AssessmentTransfer, AssessmentTransferStore, TransferFramework } from './transfer.port.js';

export interface TransferDeps extends AssessmentDeps {
  /** Reads outside a transaction. */
  readonly transfer: AssessmentTransferStore;
  /** A transaction whose stores include the transfer store. */
  readonly transferUow: {
    run<T>(
      work: (tx: {
        store: AssessmentStore;
        assessmentTransfer: AssessmentTransferStore;
        audit: AuditLog;
        entitlements: Entitlements;
      }) => Promise<T>,
    ): Promise<T>;
  };
}

export interface AssessmentExport {
  readonly organisation: { readonly id: string; readonly slug: string; readonly name: string };
  readonly data: AssessmentTransfer;
  readonly frameworks: readonly TransferFramework[];
  /** One evidence file's bytes, read when asked (a bundle writer reads them one at a time). */
  evidenceContent(evidenceId: string): Promise<Buffer | null>;
  /** Appends `assessment.exported` to the organisation's audit chain, once the export is written. */
  recordExport(details: Record<string, unknown>): Promise<void>;
}

/** An assessment with its framework versions, answers, evidence and findings tracking, as plain data. */
export function exportAssessment(deps: TransferDeps) {
  return async (principal: Principal, id: string): Promise<AssessmentExport> => {
    const access = allow(principal, 'assessment.read');
    const { orgId } = access;
    const data = await deps.transfer.read(orgId, id);
    const record = await deps.uow.read.assessments(orgId).get(id);
    if (!data || !record) throw ASSESSMENT_ERRORS.notFound({ id });
    const repo = deps.uow.read.frameworks(orgId);
    const hashes = await deps.transfer.frameworkHashes(record.frameworkIds);
    const frameworks: TransferFramework[] = [];
    for (const fid of record.frameworkIds) {
      const summary = await repo.byId(fid);
      const stored = hashes.get(fid);
      if (!summary || !stored) {
        throw ASSESSMENT_ERRORS.frameworkNotFound({
          problem: `framework version ${fid} of assessment ${id} is missing`,
        });
      }
      frameworks.push({
        ref: `${summary.key}@${summary.version}`,
        key: summary.key,
        version: summary.version,
        contentHash: stored.contentHash,
        origin: stored.origin,
        catalog: await repo.load(fid),
      });
    }
    const org = principal.org as NonNullable<Principal['org']>;
    return {
      organisation: { id: org.id, slug: org.slug, name: org.name },
      data,
      frameworks,
      evidenceContent: (evidenceId) => deps.transfer.evidenceContent(orgId, id, evidenceId),
      recordExport: (details) =>
        access.change(deps.transferUow, ({ record }) =>
          record({ action: 'assessment.exported', targetType: 'assessment', targetId: id, details }),
        ),
    };
  };
}
