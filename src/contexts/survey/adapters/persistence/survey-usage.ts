import type { UsageCounter } from '../../../../module.js';

/** Published surveys count against the `active_surveys` limit. */
export const SURVEY_USAGE: Readonly<Record<string, UsageCounter>> = {
  active_surveys: async (executor, orgId) => {
    const row = await executor
      .selectFrom('survey_surveys')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
