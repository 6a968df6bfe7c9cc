import type { AnswerValue } from './answer.js';
import type { Question } from './catalog.js';

/**
 * Whether a question is asked: the one rule the questionnaire, the question
 * lists and scoring apply.
 *
 * A question without `when` is asked. A question with `when` is asked only
 * if the question it names is itself asked and its answer (as text; for
 * multiple choice any of the chosen ids) is one of `when.in`:
 * - `pending` while that answer is missing (scoring counts the requirement as
 *   not assessed rather than not applicable);
 * - `not_asked` when the answer does not meet the condition, when the named
 *   question does not exist, or when conditions form a cycle (never met).
 */
export type AskState = 'asked' | 'not_asked' | 'pending';

/** Whether an answer meets a `when` condition's values. */
export function conditionMet(when: ReadonlySet<string> | readonly string[], value: AnswerValue): boolean {
  const has = (v: string) =>
    Array.isArray(when) ? (when as readonly string[]).includes(v) : (when as ReadonlySet<string>).has(v);
  if (typeof value === 'string') return has(value);
  if (typeof value === 'number') return has(String(value));
  return value.some(has);
}

/**
 * The ask state of each question, given the answers so far, memoised for
 * one set of answers. `questionsById` is the catalog's index (the first
 * question of each id); without it only a question's own condition is
 * checked, the question it names being taken as asked.
 */
export function askStates(
  answers: ReadonlyMap<string, AnswerValue>,
  questionsById?: ReadonlyMap<string, Question>,
): (question: Question) => AskState {
  const known = new Map<Question, AskState>();
  const visiting = new Set<Question>();
  const stateOf = (question: Question): AskState => {
    const memo = known.get(question);
    if (memo) return memo;
    const when = question.when;
    if (!when) return 'asked';
    if (visiting.has(question)) return 'not_asked';
    const named = questionsById?.get(when.question);
    if (questionsById && !named) {
      known.set(question, 'not_asked');
      return 'not_asked';
    }
    visiting.add(question);
    const namedState = named ? stateOf(named) : 'asked';
    visiting.delete(question);
    let state: AskState = namedState;
    if (namedState === 'asked') {
      const answer = answers.get(when.question);
      state = answer === undefined ? 'pending' : conditionMet(when.in, answer) ? 'asked' : 'not_asked';
    }
    known.set(question, state);
    return state;
  };
  return stateOf;
}

/** Whether one question is asked given the answers so far (see `askStates`). */
export function isAsked(
  question: Question,
  answers: ReadonlyMap<string, AnswerValue>,
  questionsById?: ReadonlyMap<string, Question>,
): boolean {
  return askStates(answers, questionsById)(question) === 'asked';
}
