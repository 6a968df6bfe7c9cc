import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { localize } from '../domain/course.js';
import { TRAINING_ERRORS } from '../errors.js';
import { summaryDto } from './course.commands.js';
import { dayOf, findCourse, userIdOf } from './course-lookup.js';
import type { AttemptRecord, DueRow, TrainingDeps, TrainingRepository } from './ports.js';

export interface DueDto {
  readonly course: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: string;
  readonly due: string;
  readonly requiredVersion: number;
  readonly status: 'passed' | 'failed' | 'overdue' | 'pending';
  readonly completed: boolean;
  readonly passed: boolean;
  readonly score: number | null;
  readonly completedAt: string | null;
  readonly overdue: boolean;
}

const dueDto = (r: DueRow): DueDto => ({
  course: r.courseKey,
  email: r.email,
  name: r.name,
  role: r.role,
  due: r.dueOn,
  requiredVersion: r.requiredVersion,
  status: r.passed ? 'passed' : r.overdue ? 'overdue' : r.completed ? 'failed' : 'pending',
  completed: r.completed,
  passed: r.passed,
  score: r.bestScore,
  completedAt: r.completedAt,
  overdue: r.overdue,
});

/**
 * Whose training a caller may read: anyone's with `training.read`, else only
 * their own (asking for someone else is refused, not silently narrowed).
 */
async function scopeUser(
  repo: TrainingRepository,
  principal: Principal,
  email: string | undefined,
): Promise<string | undefined> {
  const reader = principal.grants.has('training.read');
  if (email !== undefined) {
    const member = await repo.memberByEmail(email);
    if (!reader && (principal.actor.type !== 'user' || member?.userId !== principal.actor.id))
      throw TRAINING_ERRORS.notYours({ role: principal.role ?? 'none', email });
    if (!member) throw TRAINING_ERRORS.notMember({ email });
    return member.userId;
  }
  return reader ? undefined : userIdOf(principal);
}

export function listCourses(deps: TrainingDeps) {
  return async (principal: Principal) => {
    const { orgId } = allow(principal, 'training.learn');
    return (await deps.uow.read.forOrg(orgId).courses()).map(summaryDto);
  };
}

export function showCourse(deps: TrainingDeps) {
  return async (principal: Principal, ref: string, lang = 'en') => {
    const { orgId } = allow(principal, 'training.learn');
    const repo = deps.uow.read.forOrg(orgId);
    const course = await findCourse(repo, ref);
    const d = course.definition;
    return {
      ...summaryDto(course),
      versions: (await repo.versions(course.key)).map((v) => v.version),
      description: d.description,
      moduleList: d.modules.map((m) => ({ id: m.id, title: localize(m.title, lang) })),
      assignments: (await repo.assignments(course.key)).length,
    };
  };
}

/** `training assignments`: who must take what, by when, and where they stand. */
export function listAssignments(deps: TrainingDeps) {
  return async (
    principal: Principal,
    filter: { course?: string | undefined; user?: string | undefined; overdue?: boolean | undefined } = {},
  ) => {
    const { orgId } = allow(principal, 'training.learn');
    const repo = deps.uow.read.forOrg(orgId);
    const userId = await scopeUser(repo, principal, filter.user);
    const courseKey = filter.course !== undefined ? (await findCourse(repo, filter.course)).key : undefined;
    const rows = await repo.due({
      courseKey,
      userId,
      overdueOnly: filter.overdue ?? false,
      today: dayOf(deps.clock.now()),
    });
    return rows.map(dueDto);
  };
}

/** `training overdue`: every assignment past its day without a pass (for reminders). */
export function listOverdue(deps: TrainingDeps) {
  return async (principal: Principal, filter: { course?: string | undefined } = {}) => {
    const { orgId } = allow(principal, 'training.read');
    const repo = deps.uow.read.forOrg(orgId);
    const courseKey = filter.course !== undefined ? (await findCourse(repo, filter.course)).key : undefined;
    return (await repo.due({ courseKey, overdueOnly: true, today: dayOf(deps.clock.now()) })).map(dueDto);
  };
}

export interface CourseStatusDto {
  readonly course: string;
  readonly version: number;
  readonly title: Readonly<Record<string, string>>;
  readonly requirements: readonly string[];
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  readonly overdue: number;
  /** Completed (a finished quiz on a version that counts) over assigned, in percent. */
  readonly completionRate: number | null;
  readonly passRate: number | null;
  readonly averageScore: number | null;
  readonly lastCompletedAt: string | null;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n * 1000) / of) / 10);

/** `training status`: per course, aggregated in the database. Viewers may read it. */
export function trainingStatus(deps: TrainingDeps) {
  return async (principal: Principal): Promise<CourseStatusDto[]> => {
    const { orgId } = allow(principal, 'training.aggregates');
    const repo = deps.uow.read.forOrg(orgId);
    const [courses, rows] = await Promise.all([repo.courses(), repo.status(dayOf(deps.clock.now()))]);
    const latest = new Map<string, (typeof courses)[number]>();
    for (const c of courses) if (!latest.has(c.key)) latest.set(c.key, c);
    return [...latest.values()].map((c) => {
      const r = rows.find((x) => x.courseKey === c.key);
      const assigned = r?.assigned ?? 0;
      return {
        course: c.key,
        version: c.version,
        title: c.definition.title,
        requirements: c.definition.requirements,
        assigned,
        completed: r?.completed ?? 0,
        passed: r?.passed ?? 0,
        overdue: r?.overdue ?? 0,
        completionRate: rate(r?.completed ?? 0, assigned),
        passRate: rate(r?.passed ?? 0, assigned),
        averageScore: r?.averageScore ?? null,
        lastCompletedAt: r?.lastCompletedAt ?? null,
      };
    });
  };
}

export interface AttemptDto {
  readonly id: string;
  readonly email: string;
  readonly course: string;
  readonly version: number;
  readonly status: string;
  readonly score: number | null;
  readonly source: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly annulledAt: string | null;
}

export const attemptDto = (a: AttemptRecord): AttemptDto => ({
  id: a.id,
  email: a.email,
  course: a.courseKey,
  version: a.version,
  status: a.status,
  score: a.score,
  source: a.source,
  startedAt: a.startedAt.toISOString(),
  completedAt: a.completedAt?.toISOString() ?? null,
  annulledAt: a.annulledAt?.toISOString() ?? null,
});

/** Attempts: all with `training.read`, else the caller's own. */
export function listAttempts(deps: TrainingDeps) {
  return async (principal: Principal, filter: { course?: string | undefined; user?: string | undefined } = {}) => {
    const { orgId } = allow(principal, 'training.learn');
    const repo = deps.uow.read.forOrg(orgId);
    const userId = await scopeUser(repo, principal, filter.user);
    const courseKey = filter.course !== undefined ? (await findCourse(repo, filter.course)).key : undefined;
    return (await repo.attempts({ userId, courseKey })).map(attemptDto);
  };
}

/**
 * Training as evidence for an assessment: per requirement (`iso27001-2022:A.6.3`),
 * the courses linked to it, how many of the people assigned completed and
 * passed, and the day of the latest completion.
 */
export interface TrainingEvidence {
  readonly requirement: string;
  readonly courses: readonly string[];
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  readonly completionRate: number | null;
  readonly passRate: number | null;
  readonly asOf: string;
  readonly lastCompletedAt: string | null;
}

export function trainingEvidence(deps: TrainingDeps) {
  return async (principal: Principal, requirements?: readonly string[]): Promise<TrainingEvidence[]> => {
    const status = await trainingStatus(deps)(principal);
    const wanted = requirements ? new Set(requirements) : null;
    const byRequirement = new Map<string, CourseStatusDto[]>();
    for (const s of status)
      for (const r of s.requirements)
        if (!wanted || wanted.has(r)) byRequirement.set(r, [...(byRequirement.get(r) ?? []), s]);
    const asOf = deps.clock.now().toISOString();
    return [...byRequirement.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([requirement, courses]) => {
        const sum = (f: (s: CourseStatusDto) => number) => courses.reduce((n, s) => n + f(s), 0);
        const assigned = sum((s) => s.assigned);
        const last = courses
          .map((s) => s.lastCompletedAt)
          .filter((d): d is string => d !== null)
          .sort()
          .at(-1);
        return {
          requirement,
          courses: courses.map((s) => `${s.course}@${s.version}`),
          assigned,
          completed: sum((s) => s.completed),
          passed: sum((s) => s.passed),
          completionRate: rate(
            sum((s) => s.completed),
            assigned,
          ),
          passRate: rate(
            sum((s) => s.passed),
            assigned,
          ),
          asOf,
          lastCompletedAt: last ?? null,
        };
      });
  };
}
