import type { MappingSet, Relationship } from './mapping.js';
import type { RequirementResult } from './scoring.js';
import { compareRequirementIds } from './scoring.js';

/**
 * Results inferred on one framework from results assessed on others, through
 * mapping sets (possibly chained through pivot frameworks). The rules are in
 * docs/scoring.md ("Inferred results").
 */

/** The longest chain of mappings followed from a source to a target. */
export const MAX_CHAIN_LENGTH = 3;

/** One hop of a path: the requirement reached and how the previous one relates to it. */
export interface InferenceStep {
  readonly framework: string;
  readonly requirement: string;
  /** Read from the previous requirement's side (already swapped when `reversed`). */
  readonly relationship: Relationship;
  readonly mappingSet: string;
  /** The mapping set was written from this hop's target to its source and is used backwards. */
  readonly reversed: boolean;
}

export interface InferenceSource {
  readonly framework: string;
  readonly requirement: string;
  /** The source's own result. */
  readonly result: RequirementResult;
  /** 'full' when every hop is equal or superset; 'partial' when any is subset or intersect. */
  readonly coverage: 'full' | 'partial';
  /** What the source contributes to the target after capping; null when it is ignored. */
  readonly carried: RequirementResult | null;
  /** Hops from the source to the target requirement; the last step is the target. */
  readonly path: readonly InferenceStep[];
}

export interface InferredResult {
  readonly requirementId: string;
  /** 'not_assessed' when no source contributes. */
  readonly result: RequirementResult;
  readonly sources: readonly InferenceSource[];
}

export interface InferenceInput {
  /** Assessed results per framework id, per requirement id. Results of the target framework are not used. */
  readonly sourceResults: ReadonlyMap<string, ReadonlyMap<string, RequirementResult>>;
  readonly mappingSets: readonly MappingSet[];
  readonly targetFramework: string;
  readonly targetRequirementIds: readonly string[];
  /** 1..3, default 3. */
  readonly maxChainLength?: number | undefined;
}

const INVERSE: Record<Relationship, Relationship> = {
  equal: 'equal',
  subset: 'superset',
  superset: 'subset',
  intersect: 'intersect',
};

/** The relationship read from the other side: subset ↔ superset. */
export function inverseRelationship(r: Relationship): Relationship {
  return INVERSE[r];
}

/** Full coverage (equal, superset) carries a result over; partial (subset, intersect) caps it. */
export function coversFully(r: Relationship): boolean {
  return r === 'equal' || r === 'superset';
}

/** What a source result becomes on the target, given the coverage of its path. */
export function carryResult(result: RequirementResult, coverage: 'full' | 'partial'): RequirementResult | null {
  switch (result) {
    case 'not_assessed':
      return null;
    case 'not_applicable':
      return coverage === 'full' ? 'not_applicable' : null;
    case 'compliant':
      return coverage === 'full' ? 'compliant' : 'partially_compliant';
    case 'partially_compliant':
    case 'non_compliant':
      return result;
  }
}

const RESTRICTIVENESS: Partial<Record<RequirementResult, number>> = {
  non_compliant: 0,
  partially_compliant: 1,
  compliant: 2,
};

/**
 * The most restrictive of several carried results (non_compliant <
 * partially_compliant < compliant); not_applicable only when nothing else
 * is carried; not_assessed when nothing is.
 */
export function combineResults(carried: readonly (RequirementResult | null)[]): RequirementResult {
  let best: RequirementResult | null = null;
  let sawNotApplicable = false;
  for (const c of carried) {
    if (c === null || c === 'not_assessed') continue;
    if (c === 'not_applicable') {
      sawNotApplicable = true;
      continue;
    }
    if (best === null || (RESTRICTIVENESS[c] as number) < (RESTRICTIVENESS[best] as number)) best = c;
  }
  return best ?? (sawNotApplicable ? 'not_applicable' : 'not_assessed');
}

interface Edge {
  readonly fromFramework: string;
  readonly fromRequirement: string;
  readonly relationship: Relationship;
  readonly mappingSet: string;
  readonly reversed: boolean;
}

const key = (framework: string, requirement: string) => `${framework}\u0000${requirement}`;
const pathKey = (path: readonly InferenceStep[]) =>
  path
    .map((s) => `${s.framework}\u0000${s.requirement}\u0000${s.relationship}\u0000${s.mappingSet}\u0000${s.reversed}`)
    .join('\u0001');

/** Lower is more restrictive: partial coverage before full, then the narrower relationship. */
const RELATIONSHIP_RANK: Record<Relationship, number> = { intersect: 0, subset: 1, superset: 2, equal: 3 };

/**
 * Incoming edges per requirement, every mapping used both ways. When several
 * mappings (from one set or several) join the same pair of requirements in
 * the same direction, only the most restrictive one is kept: two sets that
 * disagree about a pair never make it cover more than the stricter says.
 */
function incomingEdges(mappingSets: readonly MappingSet[]): Map<string, Edge[]> {
  const incoming = new Map<string, Edge[]>();
  const byPair = new Map<string, { list: Edge[]; index: number }>();
  const push = (to: string, edge: Edge) => {
    const pair = `${to}\u0002${key(edge.fromFramework, edge.fromRequirement)}`;
    const seen = byPair.get(pair);
    if (seen) {
      const kept = seen.list[seen.index] as Edge;
      if (RELATIONSHIP_RANK[edge.relationship] < RELATIONSHIP_RANK[kept.relationship]) seen.list[seen.index] = edge;
      return;
    }
    let list = incoming.get(to);
    if (!list) incoming.set(to, (list = []));
    byPair.set(pair, { list, index: list.length });
    list.push(edge);
  };
  for (const set of mappingSets) {
    const a = set.source.framework;
    const b = set.target.framework;
    if (a === b) continue;
    for (const m of set.mappings) {
      push(key(b, m.target), {
        fromFramework: a,
        fromRequirement: m.source,
        relationship: m.relationship,
        mappingSet: set.id,
        reversed: false,
      });
      push(key(a, m.source), {
        fromFramework: b,
        fromRequirement: m.target,
        relationship: inverseRelationship(m.relationship),
        mappingSet: set.id,
        reversed: true,
      });
    }
  }
  return incoming;
}

/** Whether path `a` explains a source better than `b`: full coverage, then fewer hops, then a stable order. */
function better(a: InferenceSource, b: InferenceSource): boolean {
  if (a.coverage !== b.coverage) return a.coverage === 'full';
  if (a.path.length !== b.path.length) return a.path.length < b.path.length;
  return pathKey(a.path) < pathKey(b.path);
}

export function inferResults(input: InferenceInput): InferredResult[] {
  const maxChain = Math.min(MAX_CHAIN_LENGTH, Math.max(1, Math.floor(input.maxChainLength ?? MAX_CHAIN_LENGTH)));
  const incoming = incomingEdges(input.mappingSets);
  const target = input.targetFramework;

  return input.targetRequirementIds.map((requirementId) => {
    const found = new Map<string, InferenceSource>();
    const visited = new Set<string>([target]);

    // Walks backwards from the target; `path` holds the hops from the node
    // being visited to the target.
    const walk = (framework: string, requirement: string, path: InferenceStep[]) => {
      for (const edge of incoming.get(key(framework, requirement)) ?? []) {
        if (visited.has(edge.fromFramework)) continue;
        const step: InferenceStep = {
          framework,
          requirement,
          relationship: edge.relationship,
          mappingSet: edge.mappingSet,
          reversed: edge.reversed,
        };
        const steps = [step, ...path];
        const result = input.sourceResults.get(edge.fromFramework)?.get(edge.fromRequirement);
        if (result !== undefined) {
          const coverage = steps.every((s) => coversFully(s.relationship)) ? 'full' : 'partial';
          const source: InferenceSource = {
            framework: edge.fromFramework,
            requirement: edge.fromRequirement,
            result,
            coverage,
            carried: carryResult(result, coverage),
            path: steps,
          };
          const k = key(edge.fromFramework, edge.fromRequirement);
          const previous = found.get(k);
          if (!previous || better(source, previous)) found.set(k, source);
        }
        if (steps.length < maxChain) {
          visited.add(edge.fromFramework);
          walk(edge.fromFramework, edge.fromRequirement, steps);
          visited.delete(edge.fromFramework);
        }
      }
    };
    walk(target, requirementId, []);

    const sources = [...found.values()].sort(
      (a, b) => compareRequirementIds(a.framework, b.framework) || compareRequirementIds(a.requirement, b.requirement),
    );
    return { requirementId, result: combineResults(sources.map((s) => s.carried)), sources };
  });
}
