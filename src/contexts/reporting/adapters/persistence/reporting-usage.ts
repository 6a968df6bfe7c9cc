import type { UsageCounter } from '../../../../module.js';

/** AI narratives written this month (each one is cached once per input). */
export const REPORTING_USAGE: Readonly<Record<string, UsageCounter>> = {
  ai_narratives_per_month: async (executor, orgId, periodStart) => {
    const row = await executor
      .selectFrom('reporting_narratives')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', periodStart.toISOString())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
