import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type Catalog, isAssessable, localize, walkRequirements } from '../domain/catalog.js';
import { inferResults, type InferredResult } from '../domain/inference.js';
import type { MappingSet } from '../domain/mapping.js';
import { joinedFrameworks, mappingSetsFor } from '../domain/mapping-graph.js';
import type { RequirementResult } from '../domain/scoring.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { locateFramework, parseFrameworkRef } from './framework-resolver.js';
import { loadAssessment } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';
import { type ScoredFramework, scoreLoaded } from './score-assessment.query.js';

export interface CoverageDto {
  assessment: string;
  target: { id: string; version: string };
  name: string;
  counts: Record<string, number>;
  requirements: (InferredResult & { title: string })[];
}

/**
 * Every mapping set the organisation can use: its own imports, then the
 * shipped ones. With `from`, only the sets joined to those frameworks by some
 * chain of sets: the others can carry nothing to or from them, and the
 * shipped ones among them are not read.
 */
export async function usableMappingSets(
  deps: AssessmentDeps,
  orgId: string,
  from?: readonly string[],
): Promise<MappingSet[]> {
  const stored = await deps.uow.read.mappings(orgId).list();
  let shipped = (await deps.shipped.mappingSetEnds()).filter((s) => !stored.some((x) => x.id === s.id));
  if (from) {
    const joined = joinedFrameworks(from, [...stored, ...shipped]);
    shipped = shipped.filter((s) => joined.has(s.source.framework));
  }
  return [...stored, ...(shipped.length ? await deps.shipped.mappingSets(shipped.map((s) => s.id)) : [])];
}

/** Inferred results on one framework from already scored frameworks of an assessment. */
export async function coverageOf(
  deps: AssessmentDeps,
  orgId: string,
  assessmentId: string,
  scored: readonly ScoredFramework[],
  mappingSets: readonly MappingSet[],
  targetRef: string,
  lang: string,
): Promise<CoverageDto> {
  const { key } = parseFrameworkRef(targetRef);
  if (scored.some((f) => f.summary.key === key)) {
    throw ASSESSMENT_ERRORS.coverageSameFramework({ id: assessmentId, framework: key });
  }
  const target = await targetCatalog(deps, orgId, targetRef);
  const sourceResults = new Map<string, Map<string, RequirementResult>>(
    scored.map((s) => [s.summary.key, new Map(s.result.requirements.map((r) => [r.id, r.result]))]),
  );
  const requirements = [...walkRequirements(target.requirements)].filter((w) => isAssessable(w.requirement));
  const titles = new Map(
    requirements.map((w) => [w.requirement.id, localize(w.requirement.title, lang, target.languages[0])]),
  );
  const inferred = inferResults({
    sourceResults,
    // A set joins the framework versions it declares, not every version of those ids.
    mappingSets: mappingSetsFor(
      mappingSets,
      new Map([...scored.map((s) => [s.summary.key, s.summary.version] as const), [target.id, target.version]]),
    ),
    targetFramework: key,
    targetRequirementIds: requirements.map((w) => w.requirement.id),
  });
  const counts: Record<string, number> = {};
  for (const r of inferred) counts[r.result] = (counts[r.result] ?? 0) + 1;
  return {
    assessment: assessmentId,
    target: { id: target.id, version: target.version },
    name: localize(target.name, lang, target.languages[0]),
    counts,
    requirements: inferred.map((r) => ({ ...r, title: titles.get(r.requirementId) ?? r.requirementId })),
  };
}

/**
 * The assessment's results carried to another framework through the shipped
 * and imported mappings, each with where it came from.
 */
export function assessmentCoverage(deps: AssessmentDeps) {
  return async (principal: Principal, id: string, targetRef: string, lang = 'en'): Promise<CoverageDto> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, id);
    return coverageOf(deps, orgId, id, scoreLoaded(loaded), await usableMappingSets(deps, orgId), targetRef, lang);
  };
}

/** The target as a plain id or id@version means it (never an import that shares the id). */
async function targetCatalog(deps: AssessmentDeps, orgId: string, ref: string): Promise<Catalog> {
  const frameworks = deps.uow.read.frameworks(orgId);
  const located = await locateFramework(frameworks, deps.shipped, ref);
  return located.stored ? frameworks.load(located.stored.id) : located.shipped;
}
