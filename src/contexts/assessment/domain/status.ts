import { ASSESSMENT_ERRORS } from '../errors.js';

/**
 * The life of an assessment: draft → in progress → in review → final.
 * Finalising seals and locks it; only an admin may reopen it.
 */
export const ASSESSMENT_STATUSES = ['draft', 'in_progress', 'in_review', 'final'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export type Transition = 'start' | 'review' | 'finalize' | 'reopen';

export interface TransitionRule {
  /** The statuses the transition may start from. */
  readonly from: readonly AssessmentStatus[];
  readonly to: AssessmentStatus;
  /** The permission it takes. */
  readonly permission: 'assessment.write' | 'assessment.reopen';
  /** The audit action that records it. */
  readonly action: string;
}

export const TRANSITIONS: Readonly<Record<Transition, TransitionRule>> = {
  start: {
    from: ['draft', 'in_review'],
    to: 'in_progress',
    permission: 'assessment.write',
    action: 'assessment.started',
  },
  review: {
    from: ['draft', 'in_progress'],
    to: 'in_review',
    permission: 'assessment.write',
    action: 'assessment.submitted_for_review',
  },
  finalize: { from: ['in_review'], to: 'final', permission: 'assessment.write', action: 'assessment.finalized' },
  reopen: { from: ['final'], to: 'in_review', permission: 'assessment.reopen', action: 'assessment.reopened' },
};

/** The status `transition` takes assessment `id` to from `status`, or the conflict that it cannot. */
export function nextStatus(id: string, status: AssessmentStatus, transition: Transition): AssessmentStatus {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(status)) {
    throw ASSESSMENT_ERRORS.badTransition({ id, from: status, transition, allowed: rule.from.join(' or ') });
  }
  return rule.to;
}

/** Whether the status seals the assessment (its content hash is recorded, and it is locked). */
export const isSealed = (status: AssessmentStatus): boolean => status === 'final';

/**
 * Final assessments are read-only: no answer, evidence, upgrade or deletion
 * until an admin reopens them.
 */
export function assertEditable(assessment: { readonly id: string; readonly status: AssessmentStatus }): void {
  if (isSealed(assessment.status)) throw ASSESSMENT_ERRORS.finalized({ id: assessment.id });
}

/** The status once an answer is recorded: the first answer moves a draft to in progress. */
export function statusAfterAnswer(status: AssessmentStatus): AssessmentStatus {
  return status === 'draft' ? 'in_progress' : status;
}
