import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { auditActorOf } from '../../audit/index.js';
import { authorize } from '../../auth/index.js';
import { type AnswerValue, parseAnswer } from '../domain/answer.js';
import { loadAssessment, locateQuestion } from './loaded-assessment.js';
import type { AssessmentDeps, AssessmentRecord } from './ports.js';

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
}

export function assertEditable(record: AssessmentRecord): void {
  if (record.status === 'final') {
    throw new AppError(
      'conflict',
      'ASSESSMENT.FINALIZED',
      `assessment ${record.id} is final and sealed`,
      'an admin can reopen it with `renfe assessment reopen`',
    );
  }
}

/**
 * Records one answer in its own transaction, so a crash right after loses
 * nothing already answered. The first answer moves a draft to in progress.
 */
export function answerQuestion(deps: AssessmentDeps) {
  return async (principal: Principal, input: AnswerInput): Promise<AnswerResult> => {
    const { orgId } = authorize(principal, 'assessment.write');
    const actor = auditActorOf(principal);
    const now = deps.clock.now();
    return deps.uow.run(async ({ store, audit }) => {
      const loaded = await loadAssessment(store, orgId, input.assessmentId);
      assertEditable(loaded.record);
      const state = locateQuestion(loaded, input.question);
      const repo = store.assessments(orgId);
      const note = input.note === undefined ? (state.answer?.note ?? null) : input.note || null;
      let value: AnswerValue | null = null;
      if (input.value === null) {
        await repo.deleteAnswer(loaded.record.id, state.frameworkId, state.question.id);
      } else {
        value = parseAnswer(state.question, input.value);
        await repo.saveAnswer(loaded.record.id, {
          frameworkId: state.frameworkId,
          questionId: state.question.id,
          value,
          note,
          answeredBy: actor.label,
          answeredAt: now,
        });
      }
      await repo.update(loaded.record.id, {
        updatedAt: now,
        cursor: `${state.frameworkKey}:${state.question.id}`,
        ...(loaded.record.status === 'draft' ? { status: 'in_progress' as const } : {}),
      });
      await audit.chain(orgId).append(actor, {
        action: value === null ? 'assessment.answer_cleared' : 'assessment.answered',
        targetType: 'assessment',
        targetId: loaded.record.id,
        details: { question: `${state.frameworkKey}:${state.question.id}`, value, note },
      });
      return { question: state.question.id, framework: state.frameworkKey, value, note };
    });
  };
}
