import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type AnswerValue, parseAnswer } from '../domain/answer.js';
import { type AskState, askStates } from '../domain/asking.js';
import { displayAnswer } from '../domain/answer-labels.js';
import type { Question } from '../domain/catalog.js';
import { prepareCatalog } from '../domain/scoring.js';
import { assertEditable, statusAfterAnswer } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
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
      for (const { summary, catalog } of loaded.frameworks) {
        const values = new Map<string, AnswerValue>();
        for (const a of loaded.answers) if (a.frameworkId === summary.id) values.set(a.questionId, a.value);
        for (const { answer } of parsed)
          if (answer.frameworkId === summary.id) values.set(answer.questionId, answer.value);
        const { questionsById } = prepareCatalog(catalog);
        const stateOf = askStates(values, questionsById);
        const fallback = catalog.languages[0] ?? 'en';
        for (const { answer, row } of parsed) {
          if (answer.frameworkId !== summary.id) continue;
          const question = questionsById.get(answer.questionId);
          if (!question?.when || stateOf(question) === 'asked') continue;
          throw ASSESSMENT_ERRORS.answersNotAsked({
            place: row.place,
            question: row.question,
            reason: whyNotAsked(question.when, questionsById, values, stateOf, fallback),
          });
        }
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

/** Why a follow-up is not asked, in words: the answer it follows up and the values that ask it. */
function whyNotAsked(
  when: NonNullable<Question['when']>,
  questionsById: ReadonlyMap<string, Question>,
  values: ReadonlyMap<string, AnswerValue>,
  stateOf: (question: Question) => AskState,
  fallback: string,
): string {
  const named = questionsById.get(when.question);
  if (!named) return `it follows up ${when.question}, which the framework does not have`;
  if (named.when && stateOf(named) !== 'asked') return `it follows up ${when.question}, which is not asked either`;
  const words = when.in.map((v) => displayAnswer(named, parseStored(v), 'en', fallback));
  const wanted = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  const value = values.get(when.question);
  return `it is asked only when ${when.question} is ${wanted}, and ${when.question} ${
    value === undefined ? 'has no answer' : `is ${displayAnswer(named, value, 'en', fallback)}`
  }`;
}

/** A condition value as an answer value (maturity levels are numbers). */
const parseStored = (v: string): AnswerValue => (/^\d+$/.test(v) ? Number(v) : v);
