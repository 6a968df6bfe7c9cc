import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { parseAnswer } from '../domain/answer.js';
import { assertEditable, statusAfterAnswer } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { firstNotAsked, loadAssessment, questionFinder, questionStates } from './loaded-assessment.js';
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
 * nothing is written. Then all rows commit in one transaction. A value for a
 * follow-up whose condition does not hold (with the stored answers and those
 * of the file) is such a bad row: it would be stored for a question nobody is
 * asked, so the file is refused, naming the row.
 */
export function importAnswers(deps: AssessmentDeps) {
  return async (
    principal: Principal,
    assessmentId: string,
    rows: readonly AnswerRow[],
  ): Promise<{ imported: number; skipped: number }> => {
    const access = allow(principal, 'assessment.write');
    const { orgId, actor } = access;
    const now = deps.clock.now();
    const filled = rows.filter((row) => !isBlank(row));
    const skipped = rows.length - filled.length;
    if (filled.length === 0) {
      // Nothing to write (and so nothing to audit); the assessment must still be there and editable.
      assertEditable((await loadAssessment(deps.uow.read, orgId, assessmentId)).record);
      return { imported: 0, skipped };
    }
    return access.change(deps.uow, async ({ store, record }) => {
      const loaded = await loadAssessment(store, orgId, assessmentId);
      assertEditable(loaded.record);
      const find = questionFinder(questionStates(loaded));
      const parsed: { answer: StoredAnswer; row: AnswerRow }[] = [];
      const seen = new Set<string>();
      for (const row of filled) {
        let state;
        try {
          state = find(row.question);
        } catch (error) {
          throw ASSESSMENT_ERRORS.answersBadRow({
            place: row.place,
            column: 'question',
            problem: (error as Error).message,
          });
        }
        const key = `${state.frameworkId}:${state.question.id}`;
        if (seen.has(key)) throw ASSESSMENT_ERRORS.answersDuplicate({ place: row.place, question: row.question });
        seen.add(key);
        let value;
        try {
          value = parseAnswer(state.question, row.value);
        } catch (error) {
          throw ASSESSMENT_ERRORS.answersBadRow({
            place: row.place,
            column: 'value',
            problem: (error as Error).message,
          });
        }
        parsed.push({
          row,
          answer: {
            frameworkId: state.frameworkId,
            questionId: state.question.id,
            value,
            note: row.note === undefined ? (state.answer?.note ?? null) : row.note || null,
            answeredBy: actor.label,
            answeredAt: now,
          },
        });
      }
      // A follow-up is imported only when it is asked, with the stored answers and the file's together.
      const refused = firstNotAsked(
        loaded,
        parsed.map((p) => ({ ...p.answer, row: p.row })),
      );
      if (refused) {
        throw ASSESSMENT_ERRORS.answersNotAsked({
          place: `${refused.given.row.place}: `,
          question: refused.given.row.question,
          reason: refused.reason,
          done: 'imported',
        });
      }
      const answers = parsed.map((p) => p.answer);
      const repo = store.assessments(orgId);
      for (const a of answers) await repo.saveAnswer(assessmentId, a);
      const status = statusAfterAnswer(loaded.record.status);
      await repo.update(assessmentId, {
        updatedAt: now,
        ...(status !== loaded.record.status ? { status } : {}),
      });
      await record({
        action: 'assessment.answers_imported',
        targetType: 'assessment',
        targetId: assessmentId,
        details: { imported: answers.length, skipped },
      });
      return { imported: answers.length, skipped };
    });
  };
}

/** An empty value leaves the question as it is. */
const isBlank = (row: AnswerRow) => row.value === null || row.value === undefined || row.value === '';
