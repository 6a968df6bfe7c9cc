import type { AuditLog } from '../../audit/index.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import type { AssessmentExport, ImportAssessmentInput, ImportedAssessment } from '../../assessment/index.js';
import type {
  AdoptSurveyInput,
  ReceiveResponsesInput,
  SyncedResponse,
  SyncedSurveyVersion,
} from '../../survey/index.js';
import type {
  ReceiveAttemptsInput,
  ReceivedAttempts,
  SyncedAttempt,
  SyncedCourseVersion,
} from '../../training/index.js';
import type { SyncRecord } from '../domain/merge.js';

/** A change to one record as it travels: the record, or null for a tombstone; evidence files carry their bytes. */
export interface RecordChange {
  readonly key: string;
  readonly record: SyncRecord | null;
  readonly content?: Buffer | null;
}

export interface SyncPeer {
  readonly id: string;
  readonly location: string;
  readonly remoteOrgId: string;
  readonly remoteOrgSlug: string;
  readonly lastPushAt: string | null;
  readonly lastPullAt: string | null;
}

export interface StoredConflict {
  readonly id: string;
  readonly peerId: string;
  readonly peer: string;
  readonly assessmentId: string;
  readonly key: string;
  readonly base: string | null;
  readonly local: SyncRecord | null;
  readonly remote: SyncRecord | null;
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: string | null;
}

/** The synced records of one organisation's assessments, and what this database remembers of its peers. */
export interface SyncStore {
  /** Which organisation holds an assessment id (ids are global keys), and its status. */
  locate(id: string): Promise<{ orgId: string; status: string } | null>;
  assessmentIds(orgId: string): Promise<string[]>;
  /** Every synced record of one assessment of the organisation (evidence without its bytes). */
  records(orgId: string, assessmentId: string): Promise<SyncRecord[]>;
  evidenceContent(orgId: string, assessmentId: string, evidenceId: string): Promise<Buffer | null>;
  /** `key@version` to row id, for the assessment's framework versions. */
  frameworkIds(assessmentId: string): Promise<Map<string, string>>;
  /** Whether a question (or requirement) is one of that framework version's. */
  inFramework(frameworkId: string, kind: 'question' | 'requirement', ref: string): Promise<boolean>;
  /** Writes one record (or deletes it for a tombstone). */
  apply(
    orgId: string,
    assessmentId: string,
    change: RecordChange,
    frameworkIds: ReadonlyMap<string, string>,
  ): Promise<void>;
  touch(orgId: string, assessmentId: string, at: string): Promise<void>;

  peer(orgId: string, location: string): Promise<SyncPeer | null>;
  peers(orgId: string): Promise<SyncPeer[]>;
  addPeer(orgId: string, peer: Omit<SyncPeer, 'id' | 'lastPushAt' | 'lastPullAt'>, at: string): Promise<SyncPeer>;
  markPeer(peerId: string, what: 'push' | 'pull', at: string): Promise<void>;
  /** Assessments this database has synced with the peer. */
  tracked(peerId: string): Promise<string[]>;
  /** The last common revision of each record of an assessment with the peer. */
  base(peerId: string, assessmentId: string): Promise<Map<string, string>>;
  /** Moves the base of records (revision null: absent on both sides, the entry is dropped). */
  saveBase(
    orgId: string,
    peerId: string,
    assessmentId: string,
    entries: readonly { key: string; revision: string | null; origin: string }[],
    at: string,
  ): Promise<void>;
  conflicts(
    orgId: string,
    options: { open: boolean; peerId?: string; assessmentId?: string },
  ): Promise<StoredConflict[]>;
  conflict(orgId: string, id: string): Promise<StoredConflict | null>;
  /** Stores a conflict, or refreshes the open one of the same record with the latest values. */
  saveConflict(
    orgId: string,
    conflict: Omit<StoredConflict, 'id' | 'peer' | 'resolvedAt' | 'resolvedBy' | 'resolution'>,
  ): Promise<{ id: string; fresh: boolean }>;
  closeConflict(orgId: string, id: string, resolution: string, by: string, at: string): Promise<void>;
}

/** A transaction as the sync context sees it. */
export interface SyncTx {
  readonly sync: SyncStore;
  readonly audit: AuditLog;
}

/** What sync uses of the survey context's use cases. */
export interface SurveyServicesForSync {
  syncVersions(principal: Principal): Promise<SyncedSurveyVersion[]>;
  syncResponses(principal: Principal, ref: string): Promise<SyncedResponse[]>;
  adoptVersion(principal: Principal, input: AdoptSurveyInput): Promise<unknown>;
  receiveResponses(principal: Principal, input: ReceiveResponsesInput): Promise<{ applied: number }>;
}

/** What sync uses of the training context's use cases. */
export interface TrainingServicesForSync {
  syncVersions(principal: Principal): Promise<SyncedCourseVersion[]>;
  syncAttempts(principal: Principal, ref: string): Promise<SyncedAttempt[]>;
  receiveAttempts(principal: Principal, input: ReceiveAttemptsInput): Promise<ReceivedAttempts>;
}

/**
 * One side's survey responses and training attempts, as sync reads and
 * writes them: this database's use cases as the person running sync, or the
 * peer's as the person signed in there.
 */
export interface PeopleSide {
  surveyVersions(): Promise<SyncedSurveyVersion[]>;
  surveyResponses(ref: string): Promise<SyncedResponse[]>;
  /** Creates a survey version this side lacks from the other side's stored definition. */
  adoptSurvey(input: AdoptSurveyInput): Promise<unknown>;
  receiveResponses(input: ReceiveResponsesInput): Promise<{ applied: number }>;
  courseVersions(): Promise<SyncedCourseVersion[]>;
  courseAttempts(ref: string): Promise<SyncedAttempt[]>;
  receiveAttempts(input: ReceiveAttemptsInput): Promise<ReceivedAttempts>;
  /** Throws this side's own refusal when the person acting here lacks the permission. */
  check(permission: string): void;
}

export interface SyncDeps {
  readonly read: SyncStore;
  readonly uow: { run<T>(work: (tx: SyncTx) => Promise<T>): Promise<T> };
  readonly clock: Clock;
  readonly assessment: {
    export(principal: Principal, id: string): Promise<AssessmentExport>;
    import(principal: Principal, input: ImportAssessmentInput): Promise<ImportedAssessment>;
    answer(
      principal: Principal,
      input: { assessmentId: string; question: string; value: unknown; note?: string | undefined },
    ): Promise<unknown>;
  };
  readonly survey: SurveyServicesForSync;
  readonly training: TrainingServicesForSync;
}

/**
 * The central database as one side of a sync sees it: its use cases, run by
 * the person signed in there, so the central side makes every check it makes
 * for any other command.
 */
export interface PeerConnection extends PeopleSide {
  /** Where it is (credentials masked). */
  readonly location: string;
  readonly organisation: { readonly id: string; readonly slug: string };
  readonly actor: string;
  /** The assessment's records there, or null when that organisation has no such assessment. */
  records(assessmentId: string): Promise<SyncRecord[] | null>;
  /** Applies changes in one transaction there, each audited on its chain naming the origin. */
  receive(input: { assessmentId: string; origin: ChangeOrigin; changes: readonly RecordChange[] }): Promise<void>;
  /** Creates an assessment there from plain data. */
  create(input: ImportAssessmentInput): Promise<ImportedAssessment>;
  export(assessmentId: string): Promise<AssessmentExport>;
  evidence(assessmentId: string, evidenceId: string): Promise<Buffer | null>;
  assessments(): Promise<string[]>;
}

/** Where a pushed or pulled change comes from, as the receiving side's audit entries name it. */
export interface ChangeOrigin {
  readonly database: string;
  readonly organisation: string;
  readonly by: string;
}

export type Progress = (done: number, total: number) => void;
