import type { SurveyAnswer, SurveyQuestion } from './survey.js';

/** How one answer is stored: rows the database can count (see survey_answers). */
export interface StoredAnswer {
  readonly item: string;
  readonly num: number | null;
  readonly text: string | null;
}

export function toRows(question: SurveyQuestion, value: SurveyAnswer): StoredAnswer[] {
  const choice = (v: string): StoredAnswer =>
    v.startsWith('other:') ? { item: 'other', num: null, text: v.slice(6).trim() } : { item: v, num: null, text: null };
  switch (question.type) {
    case 'likert':
    case 'rating':
    case 'nps':
      return [{ item: '', num: Number(value), text: null }];
    case 'yes_no':
      return [{ item: String(value), num: null, text: null }];
    case 'single_choice':
      return [choice(String(value))];
    case 'multiple_choice': {
      // One row per option, and one "other" row holding every other text given (a form may list several).
      const rows = [...new Set(Array.isArray(value) ? value : [String(value)])].map(choice);
      const others = rows.filter((r) => r.item === 'other');
      if (others.length < 2) return rows;
      const other: StoredAnswer = { item: 'other', num: null, text: others.map((r) => r.text).join(', ') };
      return [...rows.filter((r) => r.item !== 'other'), other];
    }
    case 'text':
      return [{ item: '', num: null, text: String(value) }];
  }
}

export function fromRows(question: SurveyQuestion, rows: readonly StoredAnswer[]): SurveyAnswer | undefined {
  if (rows.length === 0) return undefined;
  const choice = (r: StoredAnswer) => (r.item === 'other' ? `other:${r.text ?? ''}` : r.item);
  switch (question.type) {
    case 'likert':
    case 'rating':
    case 'nps':
      return rows[0]?.num ?? undefined;
    case 'text':
      return rows[0]?.text ?? undefined;
    case 'multiple_choice': {
      // In the survey's option order, "other" last, however the rows were stored.
      const rank = (r: StoredAnswer) => {
        const k = question.options.findIndex((o) => o.id === r.item);
        return k < 0 ? question.options.length : k;
      };
      return [...rows].sort((a, b) => rank(a) - rank(b)).map(choice);
    }
    default:
      return rows[0] ? choice(rows[0]) : undefined;
  }
}
