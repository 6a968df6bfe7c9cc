import { createHash } from 'node:crypto';
import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { questionRef } from '../domain/question-ref.js';
import { assertEditable } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { loadAssessment, locateQuestion } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';

/** Files are kept in the database so evidence travels with the assessment to a shared server. */
export const MAX_EVIDENCE_BYTES = 25 * 1024 * 1024;

export interface AddEvidenceInput {
  assessmentId: string;
  question: string;
  file?: { name: string; content: Buffer } | undefined;
  url?: string | undefined;
}

export interface EvidenceDto {
  id: string;
  question: string;
  kind: 'file' | 'link';
  name: string;
  sha256: string | null;
  size: number | null;
  url: string | null;
  addedBy: string;
  addedAt: string;
}

export function addEvidence(deps: AssessmentDeps) {
  return async (principal: Principal, input: AddEvidenceInput): Promise<EvidenceDto> => {
    const access = allow(principal, 'assessment.write');
    const { orgId, actor } = access;
    if (!input.file === !input.url) throw ASSESSMENT_ERRORS.evidenceKind();
    if (input.file && input.file.content.length > MAX_EVIDENCE_BYTES) {
      throw ASSESSMENT_ERRORS.evidenceTooLarge({
        file: input.file.name,
        size: (input.file.content.length / 1048576).toFixed(1),
        limit: MAX_EVIDENCE_BYTES / 1048576,
      });
    }
    if (input.url && !/^https?:\/\/\S+$/i.test(input.url)) throw ASSESSMENT_ERRORS.evidenceBadUrl({ url: input.url });
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, record: audit }) => {
      const loaded = await loadAssessment(store, orgId, input.assessmentId);
      assertEditable(loaded.record);
      const state = locateQuestion(loaded, input.question);
      const question = questionRef(state.frameworkKey, state.question.id);
      const record = {
        id: newShortId(),
        frameworkId: state.frameworkId,
        questionId: state.question.id,
        kind: input.file ? ('file' as const) : ('link' as const),
        name: input.file?.name ?? (input.url as string),
        sha256: input.file ? createHash('sha256').update(input.file.content).digest('hex') : null,
        size: input.file ? input.file.content.length : null,
        url: input.url ?? null,
        addedBy: actor.label,
        addedAt: now,
      };
      await store.assessments(orgId).addEvidence(loaded.record.id, record, input.file?.content ?? null);
      await audit({
        action: 'assessment.evidence_added',
        targetType: 'assessment',
        targetId: loaded.record.id,
        details: {
          question,
          kind: record.kind,
          name: record.name,
          sha256: record.sha256,
        },
      });
      return { ...record, question, addedAt: now.toISOString() };
    });
  };
}

export function listEvidence(deps: AssessmentDeps) {
  return async (principal: Principal, assessmentId: string): Promise<EvidenceDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, assessmentId);
    const keyOf = new Map(loaded.frameworks.map((f) => [f.summary.id, f.summary.key]));
    return (await deps.uow.read.assessments(orgId).evidence(assessmentId)).map((e) => ({
      id: e.id,
      question: questionRef(keyOf.get(e.frameworkId) ?? e.frameworkId, e.questionId),
      kind: e.kind,
      name: e.name,
      sha256: e.sha256,
      size: e.size,
      url: e.url,
      addedBy: e.addedBy,
      addedAt: e.addedAt.toISOString(),
    }));
  };
}
