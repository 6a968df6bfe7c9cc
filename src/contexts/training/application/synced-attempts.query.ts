import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { courseRef, findCourse } from './course-lookup.js';
import type { TrainingDeps } from './ports.js';

/** A course version as sync compares it between two databases: by key, version and content hash. */
export interface SyncedCourseVersion {
  /** `key@version`. */
  readonly course: string;
  readonly key: string;
  readonly version: number;
  readonly contentHash: string;
}

/**
 * A finished attempt as it travels: the person by email (user ids differ
 * between databases), its outcome, and, once annulled, when and by whom.
 */
export interface SyncedAttempt {
  readonly id: string;
  readonly email: string;
  readonly status: 'passed' | 'failed' | 'annulled';
  readonly score: number | null;
  readonly language: string;
  readonly source: 'terminal' | 'answers' | 'record';
  readonly startedAt: string;
  readonly completedAt: string;
  /** The questions drawn, in order, and the answers given (empty for a recorded completion). */
  readonly questions: readonly string[];
  readonly answers: Readonly<Record<string, readonly string[]>>;
  readonly recordedBy: string | null;
  readonly annulledAt: string | null;
  readonly annulledBy: string | null;
}

/** Every course version of the organisation. */
export function courseVersionsForSync(deps: TrainingDeps) {
  return async (principal: Principal): Promise<SyncedCourseVersion[]> => {
    const { orgId } = allow(principal, 'training.learn');
    return (await deps.uow.read.forOrg(orgId).courses()).map((c) => ({
      course: courseRef(c),
      key: c.key,
      version: c.version,
      contentHash: c.contentHash,
    }));
  };
}

/**
 * The finished attempts of one course version (passed, failed, or annulled
 * after finishing), as sync sends them; attempts in progress never leave the
 * database. Reading who completed what needs `training.read`.
 */
export function attemptsForSync(deps: TrainingDeps) {
  return async (principal: Principal, ref: string): Promise<SyncedAttempt[]> => {
    const { orgId } = allow(principal, 'training.read');
    const repo = deps.uow.read.forOrg(orgId);
    const course = await findCourse(repo, ref);
    const out: SyncedAttempt[] = [];
    for (const a of await repo.attempts({ courseKey: course.key })) {
      if (a.courseId !== course.id || a.completedAt === null || a.status === 'in_progress') continue;
      out.push({
        id: a.id,
        email: a.email,
        status: a.status,
        score: a.score,
        language: a.language,
        source: a.source,
        startedAt: a.startedAt.toISOString(),
        completedAt: a.completedAt.toISOString(),
        questions: a.questions,
        answers: a.answers,
        recordedBy: a.recordedBy,
        annulledAt: a.annulledAt?.toISOString() ?? null,
        annulledBy: a.annulledBy ?? null,
      });
    }
    return out;
  };
}
