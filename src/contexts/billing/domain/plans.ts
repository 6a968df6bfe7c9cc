import * as z from 'zod';
import { LIMITS, type LimitName } from '../../../kernel/entitlements.js';

/** A plan and its limits (null: unlimited), with a Stripe price id per interval. */
export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly limits: Readonly<Record<LimitName, number | null>>;
  readonly prices: Readonly<Partial<Record<Interval, string>>>;
}

export const INTERVALS = ['month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

export const FREE_PLAN = 'free';

const Limit = z.number().int('a whole number').min(0, 'a number from 0 up').nullable();

export const PlanFile = z
  .object({
    plans: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a plan id in lower case, e.g. pro'),
            name: z.string().min(1),
            limits: z.object(Object.fromEntries(LIMITS.map((l) => [l, Limit.optional()]))).strict(),
            prices: z
              .object({ month: z.string().min(1).optional(), year: z.string().min(1).optional() })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1, 'at least one plan'),
  })
  .strict()
  .refine((f) => f.plans.some((p) => p.id === FREE_PLAN), 'a plan with id "free" (what applies without a subscription)')
  .refine((f) => new Set(f.plans.map((p) => p.id)).size === f.plans.length, 'plan ids must be unique');

export function plansFrom(file: z.infer<typeof PlanFile>): Plan[] {
  return file.plans.map((p) => ({
    id: p.id,
    name: p.name,
    limits: Object.fromEntries(
      LIMITS.map((l) => [l, (p.limits as Record<string, number | null | undefined>)[l] ?? null]),
    ) as Plan['limits'],
    prices: Object.fromEntries(Object.entries(p.prices ?? {}).filter(([, v]) => v !== undefined)) as Plan['prices'],
  }));
}

/** Monthly limits count from the first day of the calendar month (UTC). */
export function periodStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function isMonthly(limit: LimitName): boolean {
  return limit.endsWith('_per_month');
}
