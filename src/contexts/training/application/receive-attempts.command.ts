import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { TRAINING_ERRORS } from '../errors.js';
import { courseRef, findCourse } from './course-lookup.js';
import type { AttemptRecord, CourseRecord, Member, TrainingDeps } from './ports.js';
import type { SyncedAttempt } from './synced-attempts.query.js';

/** Where a change received by sync comes from, as this database's audit entries name it. */
export interface SyncOrigin {
  readonly database: string;
  readonly organisation: string;
  readonly by: string;
}

export interface ReceiveAttemptsInput {
  /** `key@version`. */
  readonly course: string;
  /** The content hash of that version where the attempts come from: it must be this one's. */
  readonly contentHash: string;
  readonly attempts: readonly SyncedAttempt[];
  readonly origin: SyncOrigin;
}

export interface ReceivedAttempts {
  readonly course: string;
  /** Ids of the attempts written here (new, or a change of outcome, or annulled). */
  readonly applied: readonly string[];
  /** Attempts of people who are not members here: reported, never made up. */
  readonly skipped: readonly { readonly id: string; readonly email: string; readonly problem: string }[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const STATUSES = new Set(['passed', 'failed', 'annulled']);
const SOURCES = new Set(['terminal', 'answers', 'record']);
const time = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Checks one received attempt against this side's course version. */
function checkAttempt(course: CourseRecord, a: SyncedAttempt) {
  const ref = courseRef(course);
  const bad = (problem: string) => TRAINING_ERRORS.syncAttempt({ id: String(a.id), course: ref, problem });
  if (typeof a.id !== 'string' || !ID.test(a.id)) throw bad('not an attempt id');
  if (typeof a.email !== 'string' || !a.email.includes('@')) throw bad('no email');
  if (!STATUSES.has(a.status)) throw bad(`status ${String(a.status)}: only finished attempts travel`);
  if (!SOURCES.has(a.source)) throw bad(`source ${String(a.source)}`);
  if (!course.definition.languages.includes(a.language)) throw bad(`language ${String(a.language)}`);
  const score = a.score;
  if (score !== null && (!Number.isInteger(score) || score < 0 || score > 100))
    throw bad('its score is not a whole percentage');
  const passMark = course.definition.quiz.passMark;
  if (a.status !== 'annulled') {
    if (score === null) throw bad('a finished attempt without a score');
    if ((a.status === 'passed') !== score >= passMark)
      throw bad(`a score of ${score} is not ${a.status} with a pass mark of ${passMark}`);
  }
  const startedAt = time(a.startedAt);
  const completedAt = time(a.completedAt);
  if (!startedAt || !completedAt) throw bad('its start or completion is not a time');
  const annulledAt = a.status === 'annulled' ? time(a.annulledAt) : null;
  if (a.status === 'annulled' && !annulledAt) throw bad('annulled without a time');
  if (!Array.isArray(a.questions) || !a.questions.every((q) => typeof q === 'string'))
    throw bad('its questions are not a list of ids');
  const pool = new Set(course.definition.quiz.questions.map((q) => q.id));
  const stray = a.questions.find((q) => !pool.has(q));
  if (stray !== undefined) throw bad(`no question ${stray} in the course`);
  const answers = a.answers as unknown;
  if (
    answers === null ||
    typeof answers !== 'object' ||
    Array.isArray(answers) ||
    !Object.values(answers).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
  )
    throw bad('its answers are not question id → option ids');
  return { startedAt, completedAt, annulledAt };
}

/** What two copies of one attempt may not differ in: only its outcome and annulment change. */
function fixedDiffer(here: AttemptRecord, there: SyncedAttempt): string | null {
  if (here.language !== there.language) return 'language';
  if (here.source !== there.source) return 'source';
  if (here.startedAt.toISOString() !== new Date(there.startedAt).toISOString()) return 'start';
  if (JSON.stringify(here.questions) !== JSON.stringify(there.questions)) return 'questions';
  if (here.status !== 'in_progress' && JSON.stringify(here.answers) !== JSON.stringify(there.answers)) return 'answers';
  if ((here.recordedBy ?? null) !== (there.recordedBy ?? null)) return 'recorder';
  return null;
}

/**
 * Finished attempts that sync brings from another database, for the same
 * course version here (same key, version and content hash), of people matched
 * by email. An attempt of someone who is not a member here is reported and
 * left out, never made up. A known attempt takes the outcome it has there,
 * and an annulled one is annulled here too (its certificates verify as
 * revoked); an annulled attempt never becomes valid again. Each attempt written
 * is audited as `sync.received`, naming the origin, in one transaction.
 */
export function receiveAttempts(deps: TrainingDeps) {
  return async (principal: Principal, input: ReceiveAttemptsInput): Promise<ReceivedAttempts> => {
    const access = allow(principal, 'training.assign');
    const read = deps.uow.read.forOrg(access.orgId);
    const course = await findCourse(read, input.course);
    const ref = courseRef(course);
    if (ref !== input.course) throw TRAINING_ERRORS.notFound({ course: input.course });
    if (course.contentHash !== input.contentHash)
      throw TRAINING_ERRORS.syncVersion({ course: ref, problem: 'that version here has other content' });
    const checked = input.attempts.map((a) => ({ attempt: a, ...checkAttempt(course, a) }));
    const seen = new Set<string>();
    for (const { attempt } of checked) {
      if (seen.has(attempt.id))
        throw TRAINING_ERRORS.syncAttempt({ id: attempt.id, course: ref, problem: 'sent twice' });
      seen.add(attempt.id);
    }
    const members = new Map<string, Member | null>();
    for (const { attempt } of checked) {
      const email = attempt.email.trim().toLowerCase();
      if (!members.has(email)) members.set(email, await read.memberByEmail(email));
    }
    const org = (principal.org as NonNullable<Principal['org']>).slug;
    const skipped = checked
      .filter(({ attempt }) => !members.get(attempt.email.trim().toLowerCase()))
      .map(({ attempt }) => ({
        id: attempt.id,
        email: attempt.email,
        problem: `${attempt.email} is no member of ${org}`,
      }));
    const known = checked.filter(({ attempt }) => members.get(attempt.email.trim().toLowerCase()));
    if (known.length === 0) return { course: ref, applied: [], skipped };
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const applied: string[] = [];
      for (const { attempt: a, startedAt, completedAt, annulledAt } of known) {
        const member = members.get(a.email.trim().toLowerCase()) as Member;
        const bad = (problem: string) => TRAINING_ERRORS.syncAttempt({ id: a.id, course: ref, problem });
        const here = await repo.attempt(a.id);
        const score = a.score ?? 0;
        const passed = score >= course.definition.quiz.passMark;
        if (here) {
          if (here.userId !== member.userId) throw bad(`it is ${here.email}'s here`);
          if (here.courseId !== course.id) throw bad(`it is of ${here.courseKey}@${here.version} here`);
          if (here.status === 'annulled' && a.status !== 'annulled') throw bad('it is annulled here, and stays so');
          const differs = fixedDiffer(here, a);
          if (differs) throw bad(`its ${differs} differs here: only an outcome or an annulment changes`);
          const outcomeDiffers =
            here.score !== a.score || here.completedAt?.toISOString() !== completedAt.toISOString();
          if (outcomeDiffers || (a.status !== 'annulled' && here.status !== a.status))
            await repo.finishAttempt(a.id, score, passed, completedAt);
          if (a.status === 'annulled' && here.status !== 'annulled')
            await repo.annulAttempt(a.id, annulledAt as Date, a.annulledBy ?? input.origin.by);
        } else {
          await repo.insertAttempt({
            id: a.id,
            userId: member.userId,
            courseId: course.id,
            courseKey: course.key,
            version: course.version,
            status: passed ? 'passed' : 'failed',
            questions: [...a.questions],
            answers: a.answers,
            language: a.language,
            score: a.score,
            source: a.source,
            startedAt,
            completedAt,
            recordedBy: a.recordedBy,
            annulledAt: null,
          });
          if (a.status === 'annulled')
            await repo.annulAttempt(a.id, annulledAt as Date, a.annulledBy ?? input.origin.by);
        }
        applied.push(a.id);
        await record({
          action: 'sync.received',
          targetType: 'attempt',
          targetId: a.id,
          details: {
            record: `training-attempt:${ref}:${a.id}`,
            origin: { ...input.origin },
            by: a.status === 'annulled' ? a.annulledBy : (a.recordedBy ?? a.email),
            at: a.status === 'annulled' ? a.annulledAt : a.completedAt,
            value: {
              email: member.email,
              status: a.status,
              score: a.score,
              completedAt: a.completedAt,
              source: a.source,
            },
          },
        });
      }
      return { course: ref, applied, skipped };
    });
  };
}
