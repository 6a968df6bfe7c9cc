/** How answers, percentages and statuses read on a terminal, for the assessment verbs. */

/** An answer value as typed on the command line: lists joined with commas. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)}%`);
export const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));

/** A stored code in words: `in_progress` → "in progress". */
export const words = (code: string) => code.replace(/_/g, ' ');

/** The fields of an assessment summary, as `assessment list` and `show` print them. */
export const ASSESSMENT_FIELDS = [
  'id',
  'subject',
  'status',
  'frameworks',
  'scope',
  'targetLevel',
  'progress',
  'createdBy',
  'createdAt',
  'updatedAt',
  'sealedHash',
] as const;

/** The fields of one framework's scores (`assessment score`). */
export const SCORE_FIELDS = [
  'framework',
  'version',
  'score',
  'compliance',
  'maturity',
  'gap',
  'progress',
  'counts',
  'domains',
  'requirements',
] as const;
