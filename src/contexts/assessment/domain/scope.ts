import type { Catalog, Requirement } from './catalog.js';

/**
 * The scope of an assessment and the one rule of what is in it: which
 * requirements the questionnaire asks and scoring counts.
 */

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
  return { ...(domains && domains.length > 0 ? { domains } : {}), ...levelsFor(catalog, scope) };
}

/**
 * The level and the dimension levels as one catalog reads them: the level
 * only when the catalog declares levels, the dimension levels only when it
 * declares dimensions (one assessment may pass its ENS category to every
 * framework it covers).
 */
export function levelsFor(
  catalog: Pick<Catalog, 'levels' | 'dimensions'>,
  scope: Pick<QuestionnaireScope, 'level' | 'dimensions'>,
): Pick<QuestionnaireScope, 'level' | 'dimensions'> {
  return {
    ...(scope.level && catalog.levels.length > 0 ? { level: scope.level } : {}),
    ...(scope.dimensions && (catalog.dimensions?.length ?? 0) > 0 ? { dimensions: scope.dimensions } : {}),
  };
}
