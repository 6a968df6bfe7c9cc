import { type Catalog, isAssessable, type LocalizedText, type Question, type Requirement } from './catalog.js';

export interface QuestionnaireScope {
  readonly domains?: readonly string[] | undefined;
  readonly level?: string | undefined;
  /**
   * The system's level in each security dimension the catalog declares (ENS:
   * C, I, T, A, D), a level id or `na` when the dimension is not relevant.
   */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
}

/** The value of a dimension that is not relevant to the system. */
export const DIMENSION_NOT_RELEVANT = 'na';

/** One question in the order the questionnaire asks it. */
export interface QuestionnaireItem {
  readonly frameworkId: string;
  readonly frameworkKey: string;
  readonly domain: { readonly id: string; readonly title: LocalizedText };
  readonly requirement: Requirement;
  readonly question: Question;
}

/**
 * The highest of some levels, in the order a catalog declares its levels
 * (lowest first); null when none of them is one of those levels.
 */
export function highestLevel(values: readonly (string | undefined)[], order: readonly string[]): string | null {
  let best = -1;
  for (const v of values) best = Math.max(best, v === undefined ? -1 : order.indexOf(v));
  return best < 0 ? null : (order[best] as string);
}

/**
 * Whether a requirement applies at the assessment's level. A requirement that
 * names dimensions is read, when the assessment records dimension levels,
 * against the highest level among those dimensions (none relevant: it does
 * not apply); otherwise against the assessment's level (the system category).
 * `order` is the catalog's levels, lowest first.
 */
export function appliesAt(
  requirement: Pick<Requirement, 'applicability' | 'dimensions'>,
  scope: Pick<QuestionnaireScope, 'level' | 'dimensions'>,
  order: readonly string[],
): boolean {
  const applicability = requirement.applicability;
  if (!applicability) return true;
  if (requirement.dimensions && scope.dimensions) {
    const dimensions = scope.dimensions;
    const level = highestLevel(
      requirement.dimensions.map((d) => dimensions[d]),
      order,
    );
    return level !== null && applicability.includes(level);
  }
  return !scope.level || applicability.includes(scope.level);
}

/** Whether a requirement is in the assessment's scope (domains, applicability level and dimensions). */
export function inScope(
  domainId: string,
  requirement: Requirement,
  scope: QuestionnaireScope,
  order: readonly string[] = [],
): boolean {
  if (scope.domains && scope.domains.length > 0 && !scope.domains.includes(domainId)) return false;
  return appliesAt(requirement, scope, order);
}

/**
 * The scope as it applies to one catalog of an assessment: the domains listed
 * that are this catalog's (none of them: every domain but the optional ones, or
 * all of them when every one is optional),
 * the level only when the catalog declares levels, and the dimension levels
 * only when it declares dimensions.
 */
export function scopeFor(catalog: Catalog, scope: QuestionnaireScope): QuestionnaireScope {
  const named = scope.domains?.filter((d) => catalog.requirements.some((r) => r.id === d));
  const domains =
    named && named.length > 0
      ? named
      : catalog.requirements.some((r) => r.optional)
        ? catalog.requirements.filter((r) => !r.optional).map((r) => r.id)
        : undefined;
  return {
    ...(domains && domains.length > 0 ? { domains } : {}),
    ...(scope.level && catalog.levels.length > 0 ? { level: scope.level } : {}),
    ...(scope.dimensions && (catalog.dimensions?.length ?? 0) > 0 ? { dimensions: scope.dimensions } : {}),
  };
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
