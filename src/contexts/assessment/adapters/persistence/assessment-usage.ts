import type { UsageCounter } from '../../../../module.js';

/** Assessments created this month, and frameworks the organisation imported (distinct ids). */
export const ASSESSMENT_USAGE: Readonly<Record<string, UsageCounter>> = {
  assessments_per_month: async (executor, orgId, periodStart) => {
    const row = await executor
      .selectFrom('assessment_assessments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', periodStart.toISOString())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
  imported_frameworks: async (executor, orgId) => {
    const row = await executor
      .selectFrom('assessment_frameworks')
      .select((eb) => eb.fn.count<string | number>('framework_key').distinct().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
