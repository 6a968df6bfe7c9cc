import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { contentHash } from '../domain/catalog-hash.js';
import { assertEditable, isSealed, nextStatus, type Transition, TRANSITIONS } from '../domain/status.js';
import { assessmentNotFound, loadAssessment, type LoadedAssessment } from './loaded-assessment.js';
import type { AssessmentDeps, AssessmentStatus } from './ports.js';

export type { Transition } from '../domain/status.js';

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
    // Only when decided, so the seals of assessments without a Statement of Applicability stay as they were.
    ...(loaded.applicability.length > 0
      ? {
          applicability: [...loaded.applicability]
            .map((d) => ({ f: d.frameworkId, r: d.requirementId, a: d.applicable, w: d.reasons, j: d.justification }))
            .sort((x, y) => (x.f + x.r < y.f + y.r ? -1 : 1)),
        }
      : {}),
  });
}

/**
 * Moves an assessment along its life (see domain/status.ts). Finalising seals
 * the assessment with a content hash and locks it; only an admin may reopen
 * it, and that is audited.
 */
export function changeStatus(deps: AssessmentDeps) {
  return async (
    principal: Principal,
    id: string,
    transition: Transition,
  ): Promise<{ id: string; status: AssessmentStatus; sealedHash: string | null }> => {
    const rule = TRANSITIONS[transition];
    const access = allow(principal, rule.permission);
    const { orgId } = access;
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, record }) => {
      const loaded = await loadAssessment(store, orgId, id).catch(() => {
        throw assessmentNotFound(id);
      });
      const from = loaded.record.status;
      const to = nextStatus(id, from, transition);
      const sealedHash = isSealed(to) ? sealOf(loaded) : null;
      await store
        .assessments(orgId)
        .update(id, { status: to, updatedAt: now, sealedHash, sealedAt: isSealed(to) ? now : null });
      await record({
        action: rule.action,
        targetType: 'assessment',
        targetId: id,
        details: {
          from,
          to,
          ...(sealedHash ? { sealedHash } : {}),
          ...(isSealed(from) ? { previousSeal: loaded.record.sealedHash } : {}),
        },
      });
      return { id, status: to, sealedHash };
    });
  };
}

export function deleteAssessment(deps: AssessmentDeps) {
  return async (principal: Principal, id: string): Promise<{ id: string }> => {
    const access = allow(principal, 'assessment.delete');
    const { orgId } = access;
    return access.change(deps.uow, async ({ store, record }) => {
      const assessment = await store.assessments(orgId).get(id);
      if (!assessment) throw assessmentNotFound(id);
      assertEditable(assessment);
      await store.assessments(orgId).delete(id);
      await record({
        action: 'assessment.deleted',
        targetType: 'assessment',
        targetId: id,
        details: { subject: assessment.subject },
      });
      return { id };
    });
  };
}
