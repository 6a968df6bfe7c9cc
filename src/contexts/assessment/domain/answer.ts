/**
 * An answer as stored: the value depends on the question type.
 * - yes_no: 'yes' | 'partial' | 'no' | 'na'
 * - maturity: 0..5, or 'na'
 * - single_choice: a choice id, or 'na'
 * - multiple_choice: choice ids, or 'na'
 * - number: a number, or 'na'
 * - text: free text, or 'na'
 */
export type AnswerValue = string | number | readonly string[];

export interface Answer {
  readonly questionId: string;
  readonly value: AnswerValue;
  readonly note: string | null;
}

export const NOT_APPLICABLE = 'na';
