import type { Catalog } from '../domain/catalog.js';

/**
 * An assessment as plain data, the same in every workspace: frameworks are
 * named `key@version` (row ids differ between databases), times are ISO text.
 * What bundles carry and what sync compares.
 */
export interface AssessmentTransfer {
  readonly assessment: {
    readonly id: string;
    readonly subject: string;
    readonly scope: unknown;
    readonly targetLevel: number;
    readonly status: string;
    readonly cursor: string | null;
    readonly createdBy: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly sealedHash: string | null;
    readonly sealedAt: string | null;
    /** `key@version`, in the assessment's order. */
    readonly frameworks: readonly string[];
  };
  readonly answers: readonly TransferAnswer[];
  readonly evidence: readonly TransferEvidence[];
  readonly findings: readonly TransferFinding[];
  /** The Statement of Applicability's decisions (absent in data made before it existed). */
  readonly applicability?: readonly TransferApplicability[];
}

export interface TransferApplicability {
  /** `key@version`. */
  readonly framework: string;
  readonly requirement: string;
  readonly applicable: boolean;
  readonly reasons: readonly string[];
  readonly justification: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface TransferAnswer {
  /** `key@version`. */
  readonly framework: string;
  readonly question: string;
  /** The stored answer value (JSON). */
  readonly value: unknown;
  readonly note: string | null;
  readonly answeredBy: string;
  readonly answeredAt: string;
}

export interface TransferEvidence {
  readonly id: string;
  readonly framework: string;
  readonly question: string;
  readonly kind: 'file' | 'link';
  readonly name: string;
  readonly sha256: string | null;
  readonly size: number | null;
  readonly url: string | null;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface TransferFinding {
  readonly framework: string;
  readonly requirement: string;
  readonly owner: string | null;
  readonly dueDate: string | null;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A framework version an assessment uses, with the hash it was stored under. */
export interface TransferFramework {
  /** `key@version`. */
  readonly ref: string;
  readonly key: string;
  readonly version: string;
  readonly contentHash: string;
  readonly origin: string;
  readonly catalog: Catalog;
}

/** A change to one answer or finding, as sync applies it (value null: deleted). */
export type TransferChange =
  | { readonly kind: 'answer'; readonly answer: TransferAnswer; readonly deleted: boolean }
  | { readonly kind: 'finding'; readonly finding: TransferFinding };

/** Rows of one organisation's assessments as plain data, for bundles and sync. */
export interface AssessmentTransferStore {
  /** Whether an assessment id is taken in this database (by any organisation: ids are global keys). */
  idTaken(orgId: string, id: string): Promise<{ taken: boolean; ownOrg: boolean }>;
  evidenceIdsTaken(ids: readonly string[]): Promise<string[]>;
  read(orgId: string, id: string): Promise<AssessmentTransfer | null>;
  /** The stored content hash and origin of framework versions, by row id. */
  frameworkHashes(ids: readonly string[]): Promise<Map<string, { contentHash: string; origin: string }>>;
  evidenceContent(orgId: string, assessmentId: string, evidenceId: string): Promise<Buffer | null>;
  /** Inserts an assessment and its rows; frameworks already resolved to row ids. */
  insert(orgId: string, data: AssessmentTransfer, frameworkIds: ReadonlyMap<string, string>): Promise<void>;
  insertEvidence(
    assessmentId: string,
    evidence: TransferEvidence,
    frameworkId: string,
    content: Buffer | null,
  ): Promise<void>;
  saveAnswer(assessmentId: string, answer: TransferAnswer, frameworkId: string): Promise<void>;
  deleteAnswer(assessmentId: string, frameworkId: string, question: string): Promise<void>;
  saveFinding(assessmentId: string, finding: TransferFinding, frameworkId: string): Promise<void>;
  touch(orgId: string, assessmentId: string, at: string): Promise<void>;
}
