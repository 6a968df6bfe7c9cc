import type { UsageCounter } from '../../../../module.js';

/** Active members count against the `users` limit. */
export const AUTH_USAGE: Readonly<Record<string, UsageCounter>> = {
  users: async (executor, orgId) => {
    const row = await executor
      .selectFrom('auth_memberships')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
