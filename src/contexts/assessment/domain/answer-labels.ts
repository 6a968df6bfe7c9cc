import type { AnswerValue } from './answer.js';
import { NOT_APPLICABLE } from './answer.js';
import { DEFAULT_MATURITY_LABELS, type LocalizedText, localize, type Question } from './catalog.js';

/**
 * The words for answers, by language: the yes/no answers and N/A, the
 * maturity levels' labels, and an answer as people read it. The
 * questionnaire and the reports take their answer words from here.
 */

export interface AnswerWords {
  readonly yes: string;
  readonly partial: string;
  readonly no: string;
  readonly na: string;
}

export const ANSWER_WORDS: Readonly<Record<'en' | 'es', AnswerWords>> = {
  en: { yes: 'Yes', partial: 'Partially', no: 'No', na: 'Not applicable' },
  es: { yes: 'Sí', partial: 'Parcialmente', no: 'No', na: 'No aplica' },
};

/** The answer words in `lang`, English for a language without its own. */
export function answerWords(lang: string): AnswerWords {
  return ANSWER_WORDS[lang as keyof typeof ANSWER_WORDS] ?? ANSWER_WORDS.en;
}

/** The labels of a maturity question's levels 0..5: its own, else the default ones. */
export function maturityLabels(question: Pick<Question, 'levels'>): readonly LocalizedText[] {
  return question.levels ?? DEFAULT_MATURITY_LABELS;
}

/** A maturity level as people read it: `3 · Defined`. */
export function maturityLabel(
  question: Pick<Question, 'levels'>,
  level: AnswerValue,
  lang: string,
  fallback?: string,
): string {
  return `${String(level)} · ${localize(maturityLabels(question)[Number(level)] ?? null, lang, fallback)}`;
}

/** An answer as people read it, in `lang` (the catalog's `fallback` language where a text lacks it). */
export function displayAnswer(question: Question, value: AnswerValue, lang: string, fallback: string): string {
  const t = (x: LocalizedText | null) => localize(x, lang, fallback);
  const words = answerWords(lang);
  if (value === NOT_APPLICABLE) return words.na;
  switch (question.type) {
    case 'yes_no':
      return value === 'yes' || value === 'partial' || value === 'no' ? words[value] : String(value);
    case 'maturity':
      return maturityLabel(question, value, lang, fallback);
    case 'single_choice':
      return t(question.choices?.find((c) => c.id === value)?.label ?? null) || String(value);
    case 'multiple_choice':
      return (Array.isArray(value) ? value : [String(value)])
        .map((id) => t(question.choices?.find((c) => c.id === id)?.label ?? null) || id)
        .join(', ');
    case 'number':
      return `${String(value)}${question.unit ? ` ${t(question.unit)}` : ''}`;
    default:
      return String(value);
  }
}
