import type { MappingSet, MappingSetEnds } from './mapping.js';

/**
 * The frameworks mapping sets join, as a graph: each set is an edge between
 * its source and target frameworks, walked both ways.
 */

/** Frameworks that chains of at most `hops` mapping sets reach from the assessed ones, sorted, the assessed ones left out. */
export function reachableFrameworks(assessed: readonly string[], sets: readonly MappingSetEnds[], hops = 3): string[] {
  const seen = new Set(assessed);
  let frontier = [...assessed];
  for (let i = 0; i < hops && frontier.length > 0; i++) {
    const next: string[] = [];
    for (const set of sets) {
      for (const [from, to] of [
        [set.source.framework, set.target.framework],
        [set.target.framework, set.source.framework],
      ] as const) {
        if (frontier.includes(from) && !seen.has(to)) {
          seen.add(to);
          next.push(to);
        }
      }
    }
    frontier = next;
  }
  return [...seen].filter((k) => !assessed.includes(k)).sort();
}

/** The frameworks some chain of sets, of any length, joins to `from` (those of `from` included). */
export function joinedFrameworks(from: readonly string[], sets: readonly MappingSetEnds[]): Set<string> {
  return new Set([...from, ...reachableFrameworks(from, sets, Number.POSITIVE_INFINITY)]);
}

/**
 * Whether a version a mapping set declares covers a framework's version:
 * no declared version covers every one; `2022` covers `2022` and the
 * imported `2022+r18`.
 */
export function versionCovers(declared: string | null, actual: string): boolean {
  return declared === null || actual === declared || actual.startsWith(`${declared}+`);
}

/**
 * The mapping sets that apply to these framework versions: a set whose end
 * names one of them applies only if it declares that version (or none).
 */
export function mappingSetsFor(sets: readonly MappingSet[], versions: ReadonlyMap<string, string>): MappingSet[] {
  return sets.filter((set) =>
    [set.source, set.target].every((end) => {
      const actual = versions.get(end.framework);
      return actual === undefined || versionCovers(end.version, actual);
    }),
  );
}

/**
 * Old requirement id → new requirement id between two versions of one
 * framework, from the `equal` links of the sets that join exactly those versions.
 */
export function equalRequirements(
  sets: readonly MappingSet[],
  framework: string,
  from: string,
  to: string,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const set of sets) {
    if (set.source.framework !== framework || set.target.framework !== framework) continue;
    if (set.source.version !== from || set.target.version !== to) continue;
    for (const m of set.mappings) if (m.relationship === 'equal') map.set(m.source, m.target);
  }
  return map;
}
