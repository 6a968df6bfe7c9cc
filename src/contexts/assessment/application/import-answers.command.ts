import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { auditActorOf } from '../../audit/index.js';
import { authorize } from '../../auth/index.js';
import { parseAnswer } from '../domain/answer.js';
import { assertEditable } from './answer-question.command.js';
import { loadAssessment, questionFinder, questionStates } from './loaded-assessment.js';
import type { AssessmentDeps, StoredAnswer } from './ports.js';

export interface AnswerRow {
  /** Where the row is, for messages: e.g. `answers.csv: row 4`. */
  place: string;
  /** `QID` or `framework:QID`. */
  question: string;
  /** An empty value leaves the question as it is (so an export can be re-imported after filling some rows). */
  value: unknown;
  note?: string | null | undefined;
}

/**
 * Imports many answers at once. Every row is checked first; one bad row and
 * nothing is written. Then all rows commit in one transaction.
 */
export function importAnswers(deps: AssessmentDeps) {
  return async (
    principal: Principal,
    assessmentId: string,
    rows: readonly AnswerRow[],
  ): Promise<{ imported: number; skipped: number }> => {
    const { orgId } = authorize(principal, 'assessment.write');
    const actor = auditActorOf(principal);
    const now = deps.clock.now();
    return deps.uow.run(async ({ store, audit }) => {
      const loaded = await loadAssessment(store, orgId, assessmentId);
      assertEditable(loaded.record);
      const find = questionFinder(questionStates(loaded));
      const answers: StoredAnswer[] = [];
      let skipped = 0;
      const seen = new Set<string>();
      for (const row of rows) {
        const blank = row.value === null || row.value === undefined || row.value === '';
        if (blank) {
          skipped++;
          continue;
        }
        let state;
        try {
          state = find(row.question);
        } catch (error) {
          throw new AppError(
            'invalid-input',
            'ANSWERS.BAD_ROW',
            `${row.place}, column question: ${(error as Error).message}`,
          );
        }
        const key = `${state.frameworkId}:${state.question.id}`;
        if (seen.has(key))
          throw new AppError(
            'invalid-input',
            'ANSWERS.DUPLICATE',
            `${row.place}: ${row.question} is answered twice in the file`,
          );
        seen.add(key);
        let value;
        try {
          value = parseAnswer(state.question, row.value);
        } catch (error) {
          throw new AppError(
            'invalid-input',
            'ANSWERS.BAD_ROW',
            `${row.place}, column value: ${(error as Error).message}`,
          );
        }
        answers.push({
          frameworkId: state.frameworkId,
          questionId: state.question.id,
          value,
          note: row.note === undefined ? (state.answer?.note ?? null) : row.note || null,
          answeredBy: actor.label,
          answeredAt: now,
        });
      }
      const repo = store.assessments(orgId);
      for (const a of answers) await repo.saveAnswer(assessmentId, a);
      if (answers.length > 0) {
        await repo.update(assessmentId, {
          updatedAt: now,
          ...(loaded.record.status === 'draft' ? { status: 'in_progress' as const } : {}),
        });
        await audit.chain(orgId).append(actor, {
          action: 'assessment.answers_imported',
          targetType: 'assessment',
          targetId: assessmentId,
          details: { imported: answers.length, skipped },
        });
      }
      return { imported: answers.length, skipped };
    });
  };
}
