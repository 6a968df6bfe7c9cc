import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { dayOf, findCourse } from './course-lookup.js';
import type { RoleStatusRow, TrainingDeps } from './ports.js';
import { trainingStatus, type CourseStatusDto } from './training.queries.js';

/** Completion among the people assigned, per course or per role. */
export interface TrainingFigures {
  /** Distinct people with at least one assignment counted here. */
  readonly people: number;
  /** Person × course assignments. */
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  readonly overdue: number;
  readonly completionRate: number | null;
  readonly passRate: number | null;
  readonly averageScore: number | null;
}

export interface TrainingReportCourse extends TrainingFigures {
  readonly course: string;
  readonly version: number;
  readonly title: Readonly<Record<string, string>>;
  readonly requirements: readonly string[];
  readonly lastCompletedAt: string | null;
}

export interface TrainingReportRole extends TrainingFigures {
  readonly role: string;
}

export interface TrainingReportOverdue {
  readonly course: string;
  readonly title: Readonly<Record<string, string>>;
  readonly email: string;
  readonly name: string | null;
  readonly role: string;
  readonly due: string;
  /** A finished attempt that did not pass (the person took the quiz and failed it). */
  readonly failed: boolean;
  readonly score: number | null;
}

export interface TrainingReportMonth {
  /** `YYYY-MM` */
  readonly month: string;
  /** People who finished a course's quiz that month (one per person and course). */
  readonly completions: number;
  /** Of those, people who passed it that month. */
  readonly passed: number;
}

/**
 * Everything the training report shows, as plain data: completion by course
 * and by role, the overdue list, and completions per month over the last
 * twelve months. `dataHash` is the SHA-256 of the rest (without the day it
 * was read), so a report can later tell whether the figures have moved.
 */
export interface TrainingReportSnapshot {
  /** The course the report is limited to, or null for every course. */
  readonly course: string | null;
  readonly organisation: string;
  readonly asOf: string;
  readonly totals: TrainingFigures;
  readonly courses: readonly TrainingReportCourse[];
  readonly roles: readonly TrainingReportRole[];
  readonly overdue: readonly TrainingReportOverdue[];
  readonly months: readonly TrainingReportMonth[];
  readonly dataHash: string;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n * 1000) / of) / 10);
const ROLE_ORDER = ['owner', 'admin', 'consultant', 'viewer'];
const TREND_MONTHS = 12;

const round1 = (n: number) => Math.round(n * 10) / 10;

function withRates(f: Omit<TrainingFigures, 'completionRate' | 'passRate'>): TrainingFigures {
  return { ...f, completionRate: rate(f.completed, f.assigned), passRate: rate(f.passed, f.assigned) };
}

/** The twelve months up to and including the one `today` falls in, oldest first. */
function lastMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: TREND_MONTHS }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (TREND_MONTHS - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Canonical JSON: keys sorted, so the hash does not depend on the order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * The data of the training report (`training report`, `report generate
 * --training`): people's names and the overdue list, so it needs
 * `training.read` (viewers read the aggregates of `training status` only).
 */
export function trainingReport(deps: TrainingDeps) {
  return async (
    principal: Principal,
    filter: { course?: string | undefined } = {},
  ): Promise<TrainingReportSnapshot> => {
    const { orgId } = allow(principal, 'training.read');
    const repo = deps.uow.read.forOrg(orgId);
    const courseKey = filter.course !== undefined ? (await findCourse(repo, filter.course)).key : undefined;
    const today = dayOf(deps.clock.now());
    const months = lastMonths(today);
    // Every figure is a GROUP BY in the database; only the overdue rows are read one by one.
    const [status, roleRows, late, monthRows, organisation] = await Promise.all([
      trainingStatus(deps)(principal),
      repo.roleStatus({ today, courseKey }),
      repo.due({ courseKey, today, overdueOnly: true }),
      repo.completionsByMonth({ fromMonth: months[0] as string, courseKey }),
      repo.organisationName(),
    ]);
    const titles = new Map(status.map((s) => [s.course, s.title]));
    const inScope = (s: CourseStatusDto) => courseKey === undefined || s.course === courseKey;

    const courses = status.filter(inScope).map((s): TrainingReportCourse => ({
      course: s.course,
      version: s.version,
      title: s.title,
      requirements: s.requirements,
      ...withRates({
        people: s.assigned,
        assigned: s.assigned,
        completed: s.completed,
        passed: s.passed,
        overdue: s.overdue,
        averageScore: s.averageScore,
      }),
      lastCompletedAt: s.lastCompletedAt,
    }));
    const rank = (role: string) => ROLE_ORDER.indexOf(role) + 1 || 99;
    const roles = [...roleRows]
      .sort((a, b) => rank(a.role) - rank(b.role) || a.role.localeCompare(b.role))
      .map((r) => ({
        role: r.role,
        ...withRates({
          people: r.people,
          assigned: r.assigned,
          completed: r.completed,
          passed: r.passed,
          overdue: r.overdue,
          averageScore: r.averageScore === null ? null : round1(r.averageScore),
        }),
      }));
    const sum = (f: (r: RoleStatusRow) => number) => roleRows.reduce((n, r) => n + f(r), 0);
    const scored = sum((r) => r.scored);
    const totals = withRates({
      people: sum((r) => r.people),
      assigned: sum((r) => r.assigned),
      completed: sum((r) => r.completed),
      passed: sum((r) => r.passed),
      overdue: sum((r) => r.overdue),
      averageScore: scored ? round1(sum((r) => (r.averageScore ?? 0) * r.scored) / scored) : null,
    });
    const overdue = [...late]
      .sort(
        (a, b) =>
          a.dueOn.localeCompare(b.dueOn) || a.courseKey.localeCompare(b.courseKey) || a.email.localeCompare(b.email),
      )
      .map((r) => ({
        course: r.courseKey,
        title: titles.get(r.courseKey) ?? { en: r.courseKey },
        email: r.email,
        name: r.name,
        role: r.role,
        due: r.dueOn,
        failed: r.completed && !r.passed,
        score: r.bestScore,
      }));
    const byMonth = new Map(monthRows.map((m) => [m.month, m]));
    const trend = months.map((month) => ({
      month,
      completions: byMonth.get(month)?.completions ?? 0,
      passed: byMonth.get(month)?.passed ?? 0,
    }));

    const body = {
      course: courseKey ?? null,
      organisation,
      totals,
      courses,
      roles,
      overdue,
      months: trend,
    };
    const dataHash = createHash('sha256').update(canonical(body)).digest('hex');
    return { ...body, asOf: today, dataHash };
  };
}
