import { createHash } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import type { CourseDefinition } from '../domain/course.js';
import { TRAINING_ERRORS } from '../errors.js';
import { courseRef, findCourse } from './course-lookup.js';
import type { CourseRecord, TrainingDeps } from './ports.js';

export interface CourseSummaryDto {
  readonly id: string;
  readonly course: string;
  readonly version: number;
  readonly title: Readonly<Record<string, string>>;
  readonly languages: readonly string[];
  readonly minutes: number;
  readonly modules: number;
  readonly questions: number;
  readonly draw: number;
  readonly passMark: number;
  readonly attempts: number | null;
  readonly requirements: readonly string[];
  readonly createdAt: string;
}

export function summaryDto(c: CourseRecord): CourseSummaryDto {
  const d = c.definition;
  return {
    id: c.id,
    course: c.key,
    version: c.version,
    title: d.title,
    languages: d.languages,
    minutes: d.minutes,
    modules: d.modules.length,
    questions: d.quiz.questions.length,
    draw: d.quiz.draw,
    passMark: d.quiz.passMark,
    attempts: d.quiz.attempts,
    requirements: d.requirements,
    createdAt: c.createdAt.toISOString(),
  };
}

const hashOf = (d: CourseDefinition) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

/**
 * `training course import <path>`: a new course, or a new version of one when
 * the content changed. Versions never change once stored, so attempts keep
 * the questions they were taken on; assignments under the `retake` policy
 * move to the new version. A new course (not a new version) counts against
 * the plan's `courses` limit.
 */
export function importCourse(deps: TrainingDeps) {
  return async (principal: Principal, from: string) => {
    const access = allow(principal, 'training.author');
    const { definition, source } = await deps.files.course(from);
    const hash = hashOf(definition);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record, entitlements }) => {
      const repo = training.forOrg(access.orgId);
      const latest = (await repo.versions(definition.key))[0];
      if (latest && latest.contentHash === hash) {
        await record({
          action: 'training.course_unchanged',
          targetType: 'course',
          targetId: latest.id,
          details: { source },
        });
        return { ...summaryDto(latest), outcome: 'unchanged' as const, retakes: 0 };
      }
      if (!latest) await entitlements.reserve(access.orgId, 'courses');
      const created: CourseRecord = {
        id: newId(),
        key: definition.key,
        version: (latest?.version ?? 0) + 1,
        definition,
        contentHash: hash,
        createdAt: now,
      };
      await repo.insertCourse(created, access.actor.label);
      const retakes = latest ? await repo.requireVersion(created.key, created.version) : 0;
      await record({
        action: 'training.course_imported',
        targetType: 'course',
        targetId: created.id,
        details: {
          course: created.key,
          version: created.version,
          source,
          modules: definition.modules.length,
          questions: definition.quiz.questions.length,
          retakeAssignments: retakes,
        },
      });
      return { ...summaryDto(created), outcome: 'imported' as const, retakes };
    });
  };
}

/**
 * Deletes a course version (`phishing@2`) or every version (`phishing`) that
 * nobody has taken; deleting the last version removes its assignments.
 */
export function deleteCourse(deps: TrainingDeps) {
  return async (principal: Principal, ref: string) => {
    const access = allow(principal, 'training.author');
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const found = await findCourse(repo, ref);
      const all = await repo.versions(found.key);
      const doomed = ref.includes('@') ? [found] : all;
      const count = await repo.attemptCount(doomed.map((c) => c.id));
      if (count > 0) throw TRAINING_ERRORS.hasAttempts({ course: ref, count });
      await repo.deleteCourses(doomed.map((c) => c.id));
      if (doomed.length === all.length) await repo.deleteAssignments(found.key);
      await record({
        action: 'training.course_deleted',
        targetType: 'course',
        targetId: found.id,
        details: { course: found.key, versions: doomed.map((c) => c.version) },
      });
      return { deleted: doomed.map(courseRef) };
    });
  };
}
