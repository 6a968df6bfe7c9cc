import type { UsageCounter } from '../../../../module.js';

/** Courses (not their versions) count against the `courses` limit. */
export const TRAINING_USAGE: Readonly<Record<string, UsageCounter>> = {
  courses: async (executor, orgId) => {
    const row = await executor
      .selectFrom('training_courses')
      .select((eb) => eb.fn.count<string | number>('course_key').distinct().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
