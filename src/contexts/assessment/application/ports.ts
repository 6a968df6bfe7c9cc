import type { Clock } from '../../../kernel/clock.js';
import type { AuditLog } from '../../audit/index.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { Catalog, LocalizedText } from '../domain/catalog.js';
import type { AnswerValue } from '../domain/answer.js';
import type { MappingSet, MappingSetEnds } from '../domain/mapping.js';
import type { AssessmentStatus } from '../domain/status.js';
import type { ApplicabilityDecision } from '../domain/applicability.js';

export interface FrameworkSummary {
  /** Database id of this stored version. */
  readonly id: string;
  readonly key: string;
  readonly version: string;
  /** The revision of the file an imported version came from (e.g. a CISO Assistant library's), if any. */
  readonly revision: string | null;
  readonly name: LocalizedText;
  readonly publisher: string | null;
  readonly origin: string;
  /** Shared by every organisation (shipped) or owned by one (imported). */
  readonly shared: boolean;
  readonly requirementCount: number;
  readonly questionCount: number;
  readonly createdAt: Date;
}

/** Frameworks one organisation can see: the shared ones and its own imports. */
export interface FrameworkRepository {
  list(): Promise<FrameworkSummary[]>;
  /**
   * The newest stored version when `version` is absent; with a version held
   * both shared and by the organisation, the shared one.
   */
  find(key: string, version?: string): Promise<FrameworkSummary | null>;
  /** Every stored version of one framework the organisation can see, oldest first. */
  versions(key: string): Promise<FrameworkSummary[]>;
  /** The version the organisation marked as what the plain id means, if any. */
  defaultFor(key: string): Promise<FrameworkSummary | null>;
  /** Marks (or, with null, unmarks) the version a plain id means. */
  setDefault(key: string, frameworkId: string | null, by: string, at: Date): Promise<void>;
  byId(id: string): Promise<FrameworkSummary | null>;
  load(id: string): Promise<Catalog>;
  save(
    catalog: Catalog,
    options: { shared: boolean; origin: string; contentHash: string },
    at: Date,
  ): Promise<FrameworkSummary>;
}

export interface MappingRepository {
  list(): Promise<(MappingSet & { shared: boolean; origin: string })[]>;
  exists(key: string): Promise<boolean>;
  save(set: MappingSet, options: { shared: boolean; origin: string }, at: Date): Promise<void>;
}

export { ASSESSMENT_STATUSES, type AssessmentStatus } from '../domain/status.js';

export interface AssessmentScope {
  /** Top-level requirement ids assessed; all when absent. */
  readonly domains?: readonly string[] | undefined;
  /** Applicability level, e.g. an ENS category or an implementation group. */
  readonly level?: string | undefined;
  /** The system's level in each security dimension (ENS: C, I, T, A, D), `na` where not relevant. */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
  readonly description?: string | undefined;
}

export interface AssessmentRecord {
  readonly id: string;
  readonly subject: string;
  readonly scope: AssessmentScope;
  readonly targetLevel: number;
  readonly status: AssessmentStatus;
  readonly cursor: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sealedHash: string | null;
  readonly sealedAt: Date | null;
  /** Framework versions in the order given at creation. */
  readonly frameworkIds: readonly string[];
}

export interface StoredAnswer {
  readonly frameworkId: string;
  readonly questionId: string;
  readonly value: AnswerValue;
  readonly note: string | null;
  readonly answeredBy: string;
  readonly answeredAt: Date;
}

export interface EvidenceRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly questionId: string;
  readonly kind: 'file' | 'link';
  readonly name: string;
  readonly sha256: string | null;
  readonly size: number | null;
  readonly url: string | null;
  readonly addedBy: string;
  readonly addedAt: Date;
}

export const FINDING_STATUSES = ['open', 'in_progress', 'resolved', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** What people add to a derived finding: who fixes it, by when, and where it stands. */
export interface FindingTracking {
  readonly frameworkId: string;
  readonly requirementId: string;
  readonly owner: string | null;
  readonly dueDate: string | null;
  readonly status: FindingStatus;
  readonly updatedAt: Date;
}

/** One organisation's assessments; every query is scoped to it. */
export interface AssessmentRepository {
  create(record: AssessmentRecord): Promise<void>;
  list(): Promise<AssessmentRecord[]>;
  get(id: string): Promise<AssessmentRecord | null>;
  delete(id: string): Promise<void>;
  update(
    id: string,
    patch: Partial<Pick<AssessmentRecord, 'status' | 'cursor' | 'sealedHash' | 'sealedAt' | 'updatedAt'>>,
  ): Promise<void>;
  answers(id: string): Promise<StoredAnswer[]>;
  saveAnswer(id: string, answer: StoredAnswer): Promise<void>;
  deleteAnswer(id: string, frameworkId: string, questionId: string): Promise<void>;
  addEvidence(id: string, evidence: EvidenceRecord, content: Buffer | null): Promise<void>;
  evidence(id: string): Promise<EvidenceRecord[]>;
  findings(id: string): Promise<FindingTracking[]>;
  /**
   * Moves the assessment from one framework version to another: its answers
   * become `carried`, evidence and finding tracking follow the new version.
   */
  replaceFramework(
    id: string,
    fromFrameworkId: string,
    toFrameworkId: string,
    carried: readonly StoredAnswer[],
  ): Promise<void>;
  saveFinding(id: string, tracking: FindingTracking): Promise<void>;
}

/** One organisation's Statement of Applicability decisions; every query is scoped to it. */
export interface ApplicabilityRepository {
  /** Every decision of one assessment. */
  list(assessmentId: string): Promise<ApplicabilityDecision[]>;
  /** Records (or replaces) the decision on one requirement. */
  save(assessmentId: string, decision: ApplicabilityDecision): Promise<void>;
}

export interface AssessmentStore {
  frameworks(orgId: string): FrameworkRepository;
  mappings(orgId: string): MappingRepository;
  assessments(orgId: string): AssessmentRepository;
  applicability(orgId: string): ApplicabilityRepository;
}

export interface AssessmentUnitOfWork {
  run<T>(work: (tx: { store: AssessmentStore; audit: AuditLog; entitlements: Entitlements }) => Promise<T>): Promise<T>;
  readonly read: AssessmentStore;
}

/** The catalogs shipped in `frameworks/`. */
export interface ShippedCatalogs {
  list(): Promise<{ key: string; version: string; name: LocalizedText; publisher: string | null }[]>;
  load(key: string): Promise<Catalog | null>;
  /** Which frameworks each shipped mapping set joins, read without its mappings. */
  mappingSetEnds(): Promise<MappingSetEnds[]>;
  /** The shipped mapping sets in full: all, or those with these ids. */
  mappingSets(ids?: readonly string[]): Promise<MappingSet[]>;
}

/** Reads a framework file of any supported format. */
export interface FrameworkFileReader {
  read(
    path: string,
    options: {
      format?: string | undefined;
      catalogPath?: string | undefined;
      id?: string | undefined;
      /** Files larger than this are refused unread (the reader's default otherwise). */
      maxBytes?: number | undefined;
      /** Catalogs imported before, for mapping sets that name their requirements (read only when needed). */
      knownCatalogs?: (() => Promise<Catalog[]>) | undefined;
    },
  ): Promise<{ format: string; catalog: Catalog | null; mappingSets: MappingSet[]; warnings?: string[] | undefined }>;
}

export interface AssessmentDeps {
  readonly uow: AssessmentUnitOfWork;
  readonly shipped: ShippedCatalogs;
  readonly files: FrameworkFileReader;
  readonly clock: Clock;
}
