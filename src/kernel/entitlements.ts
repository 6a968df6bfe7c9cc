/**
 * The one place plan limits are enforced, as every limited use case sees it:
 * inside the transaction of the write it limits, before writing, call
 * `tx.entitlements.reserve(orgId, 'assessments_per_month')`. Over the limit it
 * throws a limit-reached error naming the limit, the usage and how to upgrade.
 * The billing context implements it; usage is counted in the same
 * transaction, after the organisation's billing row is locked, so two
 * concurrent writes cannot both take the last slot.
 */
export const LIMITS = [
  'users',
  'assessments_per_month',
  'imported_frameworks',
  'ai_narratives_per_month',
  'active_surveys',
  'courses',
] as const;
export type LimitName = (typeof LIMITS)[number];

export interface Entitlements {
  reserve(orgId: string, limit: LimitName, adding?: number): Promise<void>;
}
