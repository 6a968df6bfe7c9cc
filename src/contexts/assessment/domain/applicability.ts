/**
 * The Statement of Applicability's decisions: per requirement (an ISO 27001
 * Annex A control, or any assessable requirement), whether it applies, why it
 * was included (the reasons ISO 27001 6.1.3 names: risk treatment, legal or
 * regulatory duty, a contract, a business need) or why it was excluded.
 * A requirement nobody decided on applies, with no justification yet.
 */
export const INCLUSION_REASONS = ['risk', 'legal', 'contract', 'business'] as const;
export type InclusionReason = (typeof INCLUSION_REASONS)[number];

export interface ApplicabilityDecision {
  readonly frameworkId: string;
  readonly requirementId: string;
  readonly applicable: boolean;
  /** Why an applicable requirement was included; empty for an exclusion. */
  readonly reasons: readonly InclusionReason[];
  readonly justification: string | null;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

/** Whether a decision gives a reason for itself: a written justification, or for an inclusion a chosen reason. */
export function isJustified(d: Pick<ApplicabilityDecision, 'applicable' | 'reasons' | 'justification'> | undefined) {
  if (!d) return false;
  if (d.justification && d.justification.trim() !== '') return true;
  return d.applicable && d.reasons.length > 0;
}

/** The requirements of one framework version excluded from the assessment: scored as not applicable. */
export function excludedRequirements(
  decisions: readonly ApplicabilityDecision[],
  frameworkId: string,
): ReadonlySet<string> {
  const out = new Set<string>();
  for (const d of decisions) if (d.frameworkId === frameworkId && !d.applicable) out.add(d.requirementId);
  return out;
}
