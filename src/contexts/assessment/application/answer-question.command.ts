import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type AnswerValue, parseAnswer } from '../domain/answer.js';
import { questionRef } from '../domain/question-ref.js';
import { assertEditable, statusAfterAnswer } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { firstNotAsked, followUpsDropped, loadAssessment, locateQuestion } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';

export interface AnswerInput {
  assessmentId: string;
  /** `QID` or `framework:QID`. */
  question: string;
  /** As typed; parsed against the question's type. `null` clears the answer. */
  value: unknown;
  note?: string | undefined;
}

export interface AnswerResult {
  question: string;
  framework: string;
  value: AnswerValue | null;
  note: string | null;
  /**
   * Follow-ups (`framework:QID`) with a stored answer that this answer takes
   * out of the questionnaire: their answers stay stored, are not scored, and
   * count again once the condition holds again.
   */
  noLongerAsked: string[];
}

/**
 * Records one answer in its own transaction, so a crash right after loses
 * nothing already answered. The first answer moves a draft to in progress.
 * A value for a follow-up that is not asked under the stored answers is
 * refused, as `importAnswers` refuses it: nothing is stored or audited.
 */
export function answerQuestion(deps: AssessmentDeps) {
  return async (principal: Principal, input: AnswerInput): Promise<AnswerResult> => {
    const access = allow(principal, 'assessment.write');
    const { orgId, actor } = access;
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, record }) => {
      const loaded = await loadAssessment(store, orgId, input.assessmentId);
      assertEditable(loaded.record);
      const state = locateQuestion(loaded, input.question);
      const repo = store.assessments(orgId);
      const note = input.note === undefined ? (state.answer?.note ?? null) : input.note || null;
      const value: AnswerValue | null = input.value === null ? null : parseAnswer(state.question, input.value);
      const given = { frameworkId: state.frameworkId, questionId: state.question.id, value };
      const refused = firstNotAsked(loaded, [given]);
      if (refused) {
        throw ASSESSMENT_ERRORS.answersNotAsked(
          { place: '', question: input.question, reason: refused.reason, done: 'stored' },
          { hint: `first give ${refused.follows} an answer that asks ${state.question.id}` },
        );
      }
      const noLongerAsked = followUpsDropped(loaded, given).map((id) => questionRef(state.frameworkKey, id));
      if (value === null) {
        await repo.deleteAnswer(loaded.record.id, state.frameworkId, state.question.id);
      } else {
        await repo.saveAnswer(loaded.record.id, {
          frameworkId: state.frameworkId,
          questionId: state.question.id,
          value,
          note,
          answeredBy: actor.label,
          answeredAt: now,
        });
      }
      const question = questionRef(state.frameworkKey, state.question.id);
      const status = statusAfterAnswer(loaded.record.status);
      await repo.update(loaded.record.id, {
        updatedAt: now,
        cursor: question,
        ...(status !== loaded.record.status ? { status } : {}),
      });
      await record({
        action: value === null ? 'assessment.answer_cleared' : 'assessment.answered',
        targetType: 'assessment',
        targetId: loaded.record.id,
        details: { question, value, note },
      });
      return { question: state.question.id, framework: state.frameworkKey, value, note, noLongerAsked };
    });
  };
}
