import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { dayOf, findCourse } from './course-lookup.js';
import type { DueRow, TrainingDeps } from './ports.js';
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

function figures(rows: readonly DueRow[]): TrainingFigures {
  const completed = rows.filter((r) => r.completed).length;
  const passed = rows.filter((r) => r.passed).length;
  const scores = rows.map((r) => r.bestScore).filter((s): s is number => s !== null);
  return {
    people: new Set(rows.map((r) => r.userId)).size,
    assigned: rows.length,
    completed,
    passed,
    overdue: rows.filter((r) => r.overdue).length,
    completionRate: rate(completed, rows.length),
    passRate: rate(passed, rows.length),
    averageScore: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) * 10) / scores.length) / 10 : null,
  };
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
    const [status, rows, attempts, organisation] = await Promise.all([
      trainingStatus(deps)(principal),
      repo.due({ courseKey, today }),
      repo.attempts({ courseKey }),
      repo.organisationName(),
    ]);
    const titles = new Map(status.map((s) => [s.course, s.title]));
    const inScope = (s: CourseStatusDto) => courseKey === undefined || s.course === courseKey;

    const courses = status.filter(inScope).map((s): TrainingReportCourse => {
      const mine = rows.filter((r) => r.courseKey === s.course);
      return {
        course: s.course,
        version: s.version,
        title: s.title,
        requirements: s.requirements,
        ...figures(mine),
        lastCompletedAt: s.lastCompletedAt,
      };
    });
    const roleNames = [...new Set(rows.map((r) => r.role))].sort(
      (a, b) => (ROLE_ORDER.indexOf(a) + 1 || 99) - (ROLE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
    const roles = roleNames.map((role) => ({ role, ...figures(rows.filter((r) => r.role === role)) }));
    const overdue = rows
      .filter((r) => r.overdue)
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

    const months = lastMonths(today);
    const finished = new Map(months.map((m) => [m, new Set<string>()]));
    const passed = new Map(months.map((m) => [m, new Set<string>()]));
    for (const a of attempts) {
      if (!a.completedAt || (a.status !== 'passed' && a.status !== 'failed')) continue;
      const month = a.completedAt.toISOString().slice(0, 7);
      const who = `${a.userId} ${a.courseKey}`;
      finished.get(month)?.add(who);
      if (a.status === 'passed') passed.get(month)?.add(who);
    }
    const trend = months.map((month) => ({
      month,
      completions: finished.get(month)?.size ?? 0,
      passed: passed.get(month)?.size ?? 0,
    }));

    const body = {
      course: courseKey ?? null,
      organisation,
      totals: figures(rows),
      courses,
      roles,
      overdue,
      months: trend,
    };
    const dataHash = createHash('sha256').update(canonical(body)).digest('hex');
    return { ...body, asOf: today, dataHash };
  };
}
