import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { auditActorOf } from '../../audit/index.js';
import { authorize } from '../../auth/index.js';
import { contentHash } from '../domain/catalog-hash.js';
import { assessmentNotFound, loadAssessment, type LoadedAssessment } from './loaded-assessment.js';
import type { AssessmentDeps, AssessmentStatus } from './ports.js';

export type Transition = 'start' | 'review' | 'finalize' | 'reopen';

const FROM: Record<Transition, readonly AssessmentStatus[]> = {
  start: ['draft', 'in_review'],
  review: ['draft', 'in_progress'],
  finalize: ['in_review'],
  reopen: ['final'],
};
const TO: Record<Transition, AssessmentStatus> = {
  start: 'in_progress',
  review: 'in_review',
  finalize: 'final',
  reopen: 'in_review',
};

/** The seal: a hash of what the assessment says, framework versions included. */
export function sealOf(loaded: LoadedAssessment): string {
  return contentHash({
    id: loaded.record.id,
    subject: loaded.record.subject,
    scope: loaded.record.scope,
    targetLevel: loaded.record.targetLevel,
    frameworks: loaded.frameworks.map((f) => ({ id: f.summary.key, version: f.summary.version })),
    answers: [...loaded.answers]
      .map((a) => ({ f: a.frameworkId, q: a.questionId, v: a.value, n: a.note }))
      .sort((x, y) => (x.f + x.q < y.f + y.q ? -1 : 1)),
  });
}

/**
 * draft → in progress → in review → final. Finalising seals the assessment
 * with a content hash and locks it; only an admin may reopen it, and that is
 * audited.
 */
export function changeStatus(deps: AssessmentDeps) {
  return async (
    principal: Principal,
    id: string,
    transition: Transition,
  ): Promise<{ id: string; status: AssessmentStatus; sealedHash: string | null }> => {
    const { orgId } = authorize(principal, transition === 'reopen' ? 'assessment.reopen' : 'assessment.write');
    const actor = auditActorOf(principal);
    const now = deps.clock.now();
    return deps.uow.run(async ({ store, audit }) => {
      const loaded = await loadAssessment(store, orgId, id).catch(() => {
        throw assessmentNotFound(id);
      });
      const from = loaded.record.status;
      if (!FROM[transition].includes(from)) {
        throw new AppError(
          'conflict',
          'ASSESSMENT.BAD_TRANSITION',
          `assessment ${id} is ${from}; it cannot ${transition} (only from ${FROM[transition].join(' or ')})`,
        );
      }
      const to = TO[transition];
      const sealedHash = to === 'final' ? sealOf(loaded) : null;
      await store
        .assessments(orgId)
        .update(id, { status: to, updatedAt: now, sealedHash, sealedAt: to === 'final' ? now : null });
      await audit.chain(orgId).append(actor, {
        action: `assessment.${transition === 'finalize' ? 'finalized' : transition === 'reopen' ? 'reopened' : transition === 'review' ? 'submitted_for_review' : 'started'}`,
        targetType: 'assessment',
        targetId: id,
        details: {
          from,
          to,
          ...(sealedHash ? { sealedHash } : {}),
          ...(from === 'final' ? { previousSeal: loaded.record.sealedHash } : {}),
        },
      });
      return { id, status: to, sealedHash };
    });
  };
}

export function deleteAssessment(deps: AssessmentDeps) {
  return async (principal: Principal, id: string): Promise<{ id: string }> => {
    const { orgId } = authorize(principal, 'assessment.delete');
    const actor = auditActorOf(principal);
    return deps.uow.run(async ({ store, audit }) => {
      const record = await store.assessments(orgId).get(id);
      if (!record) throw assessmentNotFound(id);
      if (record.status === 'final') {
        throw new AppError('conflict', 'ASSESSMENT.FINALIZED', `assessment ${id} is final; reopen it before deleting`);
      }
      await store.assessments(orgId).delete(id);
      await audit.chain(orgId).append(actor, {
        action: 'assessment.deleted',
        targetType: 'assessment',
        targetId: id,
        details: { subject: record.subject },
      });
      return { id };
    });
  };
}
