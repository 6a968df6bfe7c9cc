import { type Catalog, isAssessable, type LocalizedText, type Question, type Requirement } from './catalog.js';

export interface QuestionnaireScope {
  readonly domains?: readonly string[] | undefined;
  readonly level?: string | undefined;
}

/** One question in the order the questionnaire asks it. */
export interface QuestionnaireItem {
  readonly frameworkId: string;
  readonly frameworkKey: string;
  readonly domain: { readonly id: string; readonly title: LocalizedText };
  readonly requirement: Requirement;
  readonly question: Question;
}

/** Whether a requirement is in the assessment's scope (domains, applicability level). */
export function inScope(domainId: string, requirement: Requirement, scope: QuestionnaireScope): boolean {
  if (scope.domains && scope.domains.length > 0 && !scope.domains.includes(domainId)) return false;
  if (scope.level && requirement.applicability && !requirement.applicability.includes(scope.level)) return false;
  return true;
}

/**
 * The scope as it applies to one catalog of an assessment: the domains listed
 * that are this catalog's (none of them: the whole catalog), and the level only
 * when the catalog declares levels.
 */
export function scopeFor(catalog: Catalog, scope: QuestionnaireScope): QuestionnaireScope {
  const domains = scope.domains?.filter((d) => catalog.requirements.some((r) => r.id === d));
  return {
    ...(domains && domains.length > 0 ? { domains } : {}),
    ...(scope.level && catalog.levels.length > 0 ? { level: scope.level } : {}),
  };
}

/** Every question of the assessable, in-scope requirements, depth first in catalog order. */
export function flattenQuestionnaire(
  frameworkId: string,
  catalog: Catalog,
  assessmentScope: QuestionnaireScope,
): QuestionnaireItem[] {
  const scope = scopeFor(catalog, assessmentScope);
  const items: QuestionnaireItem[] = [];
  const visit = (node: Requirement, domain: Requirement) => {
    if (isAssessable(node) && inScope(domain.id, node, scope)) {
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

/** Index of the first asked, unanswered question after `from` (wrapping around), or -1. */
export function nextUnanswered<T extends { asked: boolean; answer: unknown }>(
  states: readonly T[],
  from: number,
): number {
  for (let step = 1; step <= states.length; step++) {
    const i = (from + step) % states.length;
    const s = states[i] as T;
    if (s.asked && s.answer === undefined) return i;
  }
  return -1;
}

/** Index of the next (or previous, with step -1) asked question, or -1 at either end. */
export function nextAsked<T extends { asked: boolean }>(states: readonly T[], from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < states.length; i += step) if ((states[i] as T).asked) return i;
  return -1;
}
