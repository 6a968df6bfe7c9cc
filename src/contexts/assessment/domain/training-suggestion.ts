import type { AnswerValue } from './answer.js';
import type { Question } from './catalog.js';

/**
 * The awareness questions of the shipped catalogs that training records can
 * answer, as `framework:question`. Questions of hygiene or technical practice
 * under the same requirements (NIS2 21.2.g.Q1 and Q3) are left out: finished
 * courses say nothing about them.
 */
export const AWARENESS_QUESTIONS: readonly string[] = [
  'iso27001-2022:A.6.3.Q1',
  'iso27001-2022:A.6.3.Q2',
  'ens-2022:mp.per.3.Q1',
  'ens-2022:mp.per.3.Q2',
  'ens-2022:mp.per.4.Q1',
  'nist-csf-2.0:PR.AT-01.Q1',
  'nist-csf-2.0:PR.AT-01.Q2',
  'nist-csf-2.0:PR.AT-02.Q1',
  'nis2:21.2.g.Q2',
  'nis2:21.2.g.Q4',
];

/** At or above: `yes` (and maturity 3); at or above PARTIAL_FROM: `partial` (maturity 2); below: `no` (maturity 1). */
export const YES_FROM = 90;
export const PARTIAL_FROM = 50;

/**
 * The answer training records suggest for a question, from the completion
 * rate (percent of the assignments of the courses linked to its requirement
 * that were completed):
 *
 * - yes/no: `yes` at 90 % or more, `partial` from 50 %, else `no`;
 * - maturity: 3 (defined and measured: a programme reaching staff, its
 *   completion tracked) at 90 % or more, 2 from 50 %, else 1 (courses are
 *   assigned, few finish them). Levels 4 and 5 ask for measured
 *   effectiveness and adjustment, which completion figures cannot show;
 * - a number (the percentage questions): the rate itself, rounded and kept
 *   within the question's bounds.
 *
 * Null for other question types.
 */
export function suggestedValue(question: Question, completionRate: number): AnswerValue | null {
  switch (question.type) {
    case 'yes_no':
      return completionRate >= YES_FROM ? 'yes' : completionRate >= PARTIAL_FROM ? 'partial' : 'no';
    case 'maturity':
      return completionRate >= YES_FROM ? 3 : completionRate >= PARTIAL_FROM ? 2 : 1;
    case 'number': {
      let n = Math.round(completionRate);
      if (question.min !== null && n < question.min) n = question.min;
      if (question.max !== null && n > question.max) n = question.max;
      return n;
    }
    default:
      return null;
  }
}
