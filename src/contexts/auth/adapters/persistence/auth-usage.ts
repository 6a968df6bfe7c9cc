import type { UsageCounter } from '../../../../module.js';

/** Active members, and people invited who have not joined yet, count against the `users` limit. */
export const AUTH_USAGE: Readonly<Record<string, UsageCounter>> = {
  users: async (executor, orgId) => {
    const row = await executor
      .selectFrom('auth_memberships')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', 'in', ['active', 'invited'])
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};
