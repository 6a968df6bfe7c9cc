import type { Clock } from '../../../kernel/clock.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { AuditLog } from '../../audit/index.js';
import type { CourseDefinition } from '../domain/course.js';

export interface CourseRecord {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly definition: CourseDefinition;
  readonly contentHash: string;
  readonly createdAt: Date;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: string;
  readonly status: string;
}

export type AssignmentTarget = { type: 'user'; userId: string } | { type: 'role'; role: string } | { type: 'all' };

export interface AssignmentRecord {
  readonly id: string;
  readonly courseKey: string;
  readonly targetType: 'user' | 'role' | 'all';
  /** A user id, a role, or '' for all. */
  readonly target: string;
  readonly dueOn: string;
  readonly policy: 'keep' | 'retake';
  readonly requiredVersion: number;
  readonly createdAt: Date;
}

export const ATTEMPT_STATUSES = ['in_progress', 'passed', 'failed', 'annulled'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface AttemptRecord {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly courseId: string;
  readonly courseKey: string;
  readonly version: number;
  readonly status: AttemptStatus;
  readonly questions: readonly string[];
  readonly answers: Readonly<Record<string, readonly string[]>>;
  readonly language: string;
  readonly score: number | null;
  readonly source: 'terminal' | 'answers' | 'record';
  readonly startedAt: Date;
  readonly completedAt: Date | null;
  readonly recordedBy: string | null;
  readonly annulledAt: Date | null;
  /** Who annulled it (read back from the store; writers leave it out). */
  readonly annulledBy?: string | null;
}

/** One person's standing on one assigned course, resolved from the current memberships. */
export interface DueRow {
  readonly courseKey: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: string;
  readonly dueOn: string;
  readonly requiredVersion: number;
  /** A finished attempt (passed or failed) on a version that counts. */
  readonly completed: boolean;
  readonly passed: boolean;
  readonly bestScore: number | null;
  readonly completedAt: string | null;
  readonly overdue: boolean;
}

/** Per course, aggregated in the database. */
export interface StatusRow {
  readonly courseKey: string;
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  readonly overdue: number;
  readonly averageScore: number | null;
  readonly lastCompletedAt: string | null;
}

/** Per role: the people holding it, and their assignments as in StatusRow. */
export interface RoleStatusRow {
  readonly role: string;
  readonly people: number;
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  readonly overdue: number;
  readonly averageScore: number | null;
  /** How many best scores the average is of. */
  readonly scored: number;
}

export interface MonthRow {
  readonly month: string;
  readonly completions: number;
  readonly passed: number;
}

export interface CertificateRecord {
  readonly id: string;
  readonly attemptId: string;
  readonly dataHash: string;
  readonly fileSha256: string;
  readonly language: string;
  readonly issuedAt: Date;
  readonly issuedBy: string;
}

export interface TrainingRepository {
  courses(): Promise<CourseRecord[]>;
  /** All versions of a course, newest first. */
  versions(key: string): Promise<CourseRecord[]>;
  course(id: string): Promise<CourseRecord | null>;
  insertCourse(record: CourseRecord, createdBy: string): Promise<void>;
  deleteCourses(ids: readonly string[]): Promise<void>;
  deleteAssignments(key: string): Promise<void>;
  attemptCount(courseIds: readonly string[]): Promise<number>;

  memberByEmail(email: string): Promise<Member | null>;
  memberById(userId: string): Promise<Member | null>;
  organisationName(): Promise<string>;

  assignment(key: string, target: AssignmentTarget): Promise<AssignmentRecord | null>;
  saveAssignment(record: AssignmentRecord, createdBy: string): Promise<void>;
  assignments(key?: string): Promise<AssignmentRecord[]>;
  /** A new version asks those under a `retake` policy to take it. */
  requireVersion(key: string, version: number): Promise<number>;

  progress(userId: string, courseId: string): Promise<string[]>;
  completeModule(userId: string, courseId: string, moduleId: string, at: Date): Promise<void>;

  insertAttempt(row: Omit<AttemptRecord, 'email' | 'name'>): Promise<void>;
  saveAnswers(attemptId: string, answers: Readonly<Record<string, readonly string[]>>): Promise<void>;
  finishAttempt(attemptId: string, score: number, passed: boolean, at: Date): Promise<void>;
  annulAttempt(attemptId: string, at: Date, by: string): Promise<void>;
  attempt(id: string): Promise<AttemptRecord | null>;
  attempts(filter: { userId?: string | undefined; courseKey?: string | undefined }): Promise<AttemptRecord[]>;
  /** Finished attempts (passed or failed, not annulled) of a person on one course version. */
  finishedAttempts(userId: string, courseId: string): Promise<number>;
  openAttempt(userId: string, courseId: string): Promise<AttemptRecord | null>;

  /** Each person's standing on each assigned course, resolved against current memberships. */
  due(filter: {
    courseKey?: string | undefined;
    userId?: string | undefined;
    overdueOnly?: boolean;
    today: string;
  }): Promise<DueRow[]>;
  status(today: string): Promise<StatusRow[]>;
  /** Per role (the person's current one), aggregated in the database. */
  roleStatus(filter: { today: string; courseKey?: string | undefined }): Promise<RoleStatusRow[]>;
  /** Per month (`YYYY-MM`) from `fromMonth` on: people who finished a course's quiz, and who passed it. */
  completionsByMonth(filter: { fromMonth: string; courseKey?: string | undefined }): Promise<MonthRow[]>;

  insertCertificate(record: CertificateRecord): Promise<void>;
  certificate(id: string): Promise<CertificateRecord | null>;
}

export interface TrainingStore {
  forOrg(orgId: string): TrainingRepository;
}

export interface TrainingTransaction {
  readonly training: TrainingStore;
  readonly audit: AuditLog;
  readonly entitlements: Entitlements;
}

export interface TrainingUnitOfWork {
  run<T>(work: (tx: TrainingTransaction) => Promise<T>): Promise<T>;
  readonly read: TrainingStore;
}

/** Files the training commands read and write. */
export interface TrainingFiles {
  /** A course by path (a folder with course.yaml, or one YAML file), or by the name of a shipped one. */
  course(pathOrName: string): Promise<{ definition: CourseDefinition; source: string }>;
  /** A JSON answers file: question id → option id, option ids, or true/false. */
  answers(path: string): Promise<Readonly<Record<string, unknown>>>;
  /** The shipped courses, by name. */
  shipped(): Promise<readonly { name: string; path: string }[]>;
  readBytes(path: string): Promise<Uint8Array>;
}

/** Draws the certificate PDF (pdfkit, loaded only when a certificate is made). */
export type CertificateRenderer = (data: CertificateData) => Promise<Uint8Array>;

export interface CertificateData {
  readonly certificateId: string;
  readonly dataHash: string;
  readonly language: string;
  readonly name: string;
  readonly email: string;
  readonly course: string;
  readonly courseKey: string;
  readonly version: number;
  readonly score: number;
  readonly completedOn: string;
  readonly organisation: string;
}

export interface TrainingDeps {
  readonly uow: TrainingUnitOfWork;
  readonly clock: Clock;
  readonly files: TrainingFiles;
  readonly certificate: () => Promise<CertificateRenderer>;
}
