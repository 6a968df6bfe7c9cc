import { ASSESSMENT_ERRORS } from '../errors.js';
import type { Question } from './catalog.js';

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

const YES = new Set(['yes', 'y', 'si', 'sí', 's', 'true']);
const NO = new Set(['no', 'n', 'false']);
const PARTIAL = new Set(['partial', 'p', 'partly', 'parcial']);
const NA = new Set(['na', 'n/a', 'not applicable', 'no aplica']);

/**
 * Turns what a person or a file typed into the stored value for `question`,
 * or says exactly what was expected.
 */
export function parseAnswer(question: Question, raw: unknown): AnswerValue {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const lower = typeof text === 'string' ? text.toLowerCase() : text;
  if (typeof lower === 'string' && NA.has(lower)) return NOT_APPLICABLE;
  const fail = (expected: string) =>
    ASSESSMENT_ERRORS.answerInvalid({ question: question.id, expected, got: JSON.stringify(raw) });
  switch (question.type) {
    case 'yes_no':
      if (typeof lower === 'string' && YES.has(lower)) return 'yes';
      if (typeof lower === 'string' && NO.has(lower)) return 'no';
      if (typeof lower === 'string' && PARTIAL.has(lower)) return 'partial';
      throw fail('yes, partial, no or na');
    case 'maturity': {
      const n = typeof lower === 'number' ? lower : Number(lower);
      if (Number.isInteger(n) && n >= 0 && n <= 5 && lower !== '') return n;
      throw fail('a maturity level from 0 to 5, or na');
    }
    case 'single_choice': {
      const choice = (question.choices ?? []).find((c) => c.id.toLowerCase() === String(lower));
      if (choice) return choice.id;
      throw fail(`one of ${(question.choices ?? []).map((c) => c.id).join(', ')}, or na`);
    }
    case 'multiple_choice': {
      const items = Array.isArray(text) ? text.map(String) : String(text ?? '').split(/[,;|]/);
      const ids = items.map((s) => s.trim()).filter(Boolean);
      const known = new Map((question.choices ?? []).map((c) => [c.id.toLowerCase(), c.id]));
      const picked = ids.map((id) => known.get(id.toLowerCase()));
      if (ids.length > 0 && picked.every((p) => p !== undefined)) return [...new Set(picked as string[])];
      throw fail(`one or more of ${[...known.values()].join(', ')} separated by commas, or na`);
    }
    case 'number': {
      const n = typeof lower === 'number' ? lower : Number(String(lower).replace(',', '.'));
      if (lower === '' || !Number.isFinite(n)) throw fail('a number, or na');
      if (question.min !== null && n < question.min) throw fail(`a number of at least ${question.min}`);
      if (question.max !== null && n > question.max) throw fail(`a number of at most ${question.max}`);
      return n;
    }
    case 'text':
      if (typeof text === 'string' && text !== '') return text;
      throw fail('some text, or na');
  }
}
