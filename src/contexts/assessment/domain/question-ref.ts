import { ASSESSMENT_ERRORS } from '../errors.js';

/**
 * How people name a question of an assessment: by its id (`A.5.1.Q1`), or,
 * where two frameworks of the assessment share that id, by framework and id
 * (`iso27001-2022:A.5.1.Q1`).
 */

export interface QuestionOfFramework {
  /** The framework's id (not its stored version's). */
  readonly frameworkKey: string;
  readonly questionId: string;
}

/** The full name of a question: `framework:QID` (what audit entries, cursors and evidence lists show). */
export function questionRef(frameworkKey: string, questionId: string): string {
  return `${frameworkKey}:${questionId}`;
}

/** The names that refer to a question: its id and its full name. */
export function namesOf(q: QuestionOfFramework): readonly string[] {
  return [q.questionId, questionRef(q.frameworkKey, q.questionId)];
}

/** Whether `ref` names the question. */
export function refersTo(q: QuestionOfFramework, ref: string): boolean {
  return q.questionId === ref || questionRef(q.frameworkKey, q.questionId) === ref;
}

/** The one question `ref` names among `matches`, or the error for none or several. */
export function theOneNamed<T>(matches: readonly T[], ref: string): T {
  if (matches.length === 0) throw ASSESSMENT_ERRORS.questionNotFound({ ref });
  if (matches.length > 1) throw ASSESSMENT_ERRORS.questionAmbiguous({ ref });
  return matches[0] as T;
}

/** Finds the question `ref` names among `items`. */
export function findNamed<T>(items: readonly T[], of: (item: T) => QuestionOfFramework, ref: string): T {
  return theOneNamed(
    items.filter((item) => refersTo(of(item), ref)),
    ref,
  );
}

/** A lookup of questions by name, built once for many lookups (an answers file). */
export function nameIndex<T>(items: readonly T[], of: (item: T) => QuestionOfFramework): (ref: string) => T {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    for (const name of namesOf(of(item))) {
      const list = byName.get(name);
      if (list) list.push(item);
      else byName.set(name, [item]);
    }
  }
  return (ref) => theOneNamed(byName.get(ref) ?? [], ref);
}
