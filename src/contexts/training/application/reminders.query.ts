import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { localize } from '../domain/course.js';
import { dayOf } from './course-lookup.js';
import type { CourseRecord, DueRow, TrainingDeps } from './ports.js';

export interface ReminderDto {
  readonly email: string;
  readonly name: string | null;
  /** The language of the person's latest attempt, else their courses' first, else the fallback. */
  readonly language: string;
  readonly courses: readonly { course: string; title: string; due: string; overdue: boolean }[];
}

const LANGUAGES = ['en', 'es'];

/**
 * Who to remind: each active member with an assignment not passed that is
 * overdue, or due within `dueSoonDays`, with those courses (overdue first).
 */
export function trainingReminders(deps: TrainingDeps) {
  return async (
    principal: Principal,
    input: { readonly dueSoonDays: number; readonly language: string },
  ): Promise<ReminderDto[]> => {
    const { orgId } = allow(principal, 'training.read');
    const repo = deps.uow.read.forOrg(orgId);
    const now = deps.clock.now();
    const soon = dayOf(new Date(now.getTime() + input.dueSoonDays * 86_400_000));
    const due = (await repo.due({ today: dayOf(now) })).filter(
      (r) => !r.passed && (r.overdue || (input.dueSoonDays > 0 && r.dueOn <= soon)),
    );
    if (due.length === 0) return [];
    const latest = new Map<string, CourseRecord>();
    for (const c of await repo.courses()) {
      const seen = latest.get(c.key);
      if (!seen || seen.version < c.version) latest.set(c.key, c);
    }
    const byUser = new Map<string, DueRow[]>();
    for (const r of due) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
    const reminders: ReminderDto[] = [];
    for (const [userId, rows] of byUser) {
      const attempts = await repo.attempts({ userId });
      const last = [...attempts].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
      const courseLanguage = rows
        .map((r) => latest.get(r.courseKey)?.definition.languages[0])
        .find((l) => l !== undefined && LANGUAGES.includes(l));
      const language = last && LANGUAGES.includes(last.language) ? last.language : (courseLanguage ?? input.language);
      const first = rows[0] as DueRow;
      reminders.push({
        email: first.email,
        name: first.name,
        language,
        courses: [...rows]
          .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn))
          .map((r) => ({
            course: r.courseKey,
            title: localize(latest.get(r.courseKey)?.definition.title, language) || r.courseKey,
            due: r.dueOn,
            overdue: r.overdue,
          })),
      });
    }
    return reminders.sort((a, b) => a.email.localeCompare(b.email));
  };
}
