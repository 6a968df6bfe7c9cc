import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import type { AssessmentExport, ImportAssessmentInput, ImportedAssessment } from '../../assessment/index.js';
import type { BundleFiles } from './bundle.port.js';

/** What the sync context uses of the assessment context (its wired services). */
export interface AssessmentServicesForSync {
  export(principal: Principal, id: string): Promise<AssessmentExport>;
  import(principal: Principal, input: ImportAssessmentInput): Promise<ImportedAssessment>;
}

/** An audit entry as the audit context lists it. */
export interface ListedAuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null; readonly label: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  readonly details: Record<string, unknown>;
  readonly hash: string;
}

export interface AuditServicesForSync {
  /** The entries about one target and what lies under it, oldest first. */
  about(principal: Principal, targetId: string): Promise<ListedAuditEntry[]>;
}

export interface BundleDeps {
  readonly files: BundleFiles;
  readonly assessment: AssessmentServicesForSync;
  readonly audit: AuditServicesForSync;
  readonly clock: Clock;
  readonly version: string;
}

export type Progress = (done: number, total: number) => void;
