import { type Catalog, isAssessable, type LocalizedText, type Question, type Requirement } from './catalog.js';
import { inScope, type QuestionnaireScope, scopeFor } from './scope.js';

export {
  appliesAt,
  DIMENSION_NOT_RELEVANT,
  highestLevel,
  inScope,
  type QuestionnaireScope,
  scopeFor,
} from './scope.js';

/** One question in the order the questionnaire asks it. */
export interface QuestionnaireItem {
  readonly frameworkId: string;
  readonly frameworkKey: string;
  readonly domain: { readonly id: string; readonly title: LocalizedText };
  readonly requirement: Requirement;
  readonly question: Question;
}

/** Every question of the assessable, in-scope requirements, depth first in catalog order. */
export function flattenQuestionnaire(
  frameworkId: string,
  catalog: Catalog,
  assessmentScope: QuestionnaireScope,
): QuestionnaireItem[] {
  const scope = scopeFor(catalog, assessmentScope);
  const order = catalog.levels.map((l) => l.id);
  const items: QuestionnaireItem[] = [];
  // A requirement that does not apply takes its children (ENS reinforcements
  // under their measure) out with it, as scoring does.
  const visit = (node: Requirement, domain: Requirement) => {
    if (!inScope(domain.id, node, scope, order)) return;
    if (isAssessable(node)) {
      for (const question of node.questions) {
        items.push({
          frameworkId,
          frameworkKey: catalog.id,
          domain: { id: domain.id, title: domain.title },
          requirement: node,
          question,
        });
      }
    }
    for (const child of node.children) visit(child, domain);
  };
  for (const top of catalog.requirements) visit(top, top);
  return items;
}

/** Whether the questionnaire puts a question to the assessor: asked, and not under an excluded requirement. */
export const isPut = (s: { readonly asked: boolean; readonly excluded?: boolean }): boolean => s.asked && !s.excluded;

/**
 * Index of the first asked, unanswered question after `from` (wrapping
 * around), or -1; questions of a requirement the Statement of Applicability
 * excludes are passed over.
 */
export function nextUnanswered<T extends { asked: boolean; excluded?: boolean; answer: unknown }>(
  states: readonly T[],
  from: number,
): number {
  for (let step = 1; step <= states.length; step++) {
    const i = (from + step) % states.length;
    const s = states[i] as T;
    if (isPut(s) && s.answer === undefined) return i;
  }
  return -1;
}

/** Index of the next (or previous, with step -1) asked question, or -1 at either end; excluded ones passed over. */
export function nextAsked<T extends { asked: boolean; excluded?: boolean }>(
  states: readonly T[],
  from: number,
  step: 1 | -1,
): number {
  for (let i = from + step; i >= 0 && i < states.length; i += step) if (isPut(states[i] as T)) return i;
  return -1;
}
