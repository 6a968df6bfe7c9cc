import { describe, expect, it } from 'vitest';
import { inferResults } from '../../../src/contexts/assessment/domain/inference.js';
import type { MappingSet, Relationship } from '../../../src/contexts/assessment/domain/mapping.js';
import type { RequirementResult } from '../../../src/contexts/assessment/domain/scoring.js';

const set = (
  id: string,
  from: string,
  to: string,
  source: string,
  target: string,
  relationship: Relationship,
): MappingSet => ({
  id,
  name: id,
  source: { framework: from, version: null },
  target: { framework: to, version: null },
  informative: true,
  author: null,
  description: null,
  mappings: [{ source, target, relationship, rationale: null }],
});

const infer = (sets: MappingSet[], result: RequirementResult = 'compliant') =>
  inferResults({
    sourceResults: new Map([['csf', new Map([['PR.DS-11', result]])]]),
    mappingSets: sets,
    targetFramework: 'iso',
    targetRequirementIds: ['A.8.13'],
  })[0];

describe('a pair linked by several mapping sets', () => {
  it('uses the most restrictive relationship, whichever set comes first', () => {
    const equal = set('a-equal', 'csf', 'iso', 'PR.DS-11', 'A.8.13', 'equal');
    const intersect = set('b-intersect', 'csf', 'iso', 'PR.DS-11', 'A.8.13', 'intersect');
    for (const sets of [
      [equal, intersect],
      [intersect, equal],
    ]) {
      const r = infer(sets);
      expect(r?.result).toBe('partially_compliant');
      expect(r?.sources).toHaveLength(1);
      expect(r?.sources[0]?.path).toEqual([
        {
          framework: 'iso',
          requirement: 'A.8.13',
          relationship: 'intersect',
          mappingSet: 'b-intersect',
          reversed: false,
        },
      ]);
    }
    // One set alone still carries the full result.
    expect(infer([equal])?.result).toBe('compliant');
  });

  it('compares a set used in reverse with one written in the travel direction', () => {
    // iso -> csf "A.8.13 superset of PR.DS-11" read from csf is "PR.DS-11 subset of A.8.13": partial.
    const reverse = set('c-iso-to-csf', 'iso', 'csf', 'A.8.13', 'PR.DS-11', 'superset');
    const forward = set('d-csf-to-iso', 'csf', 'iso', 'PR.DS-11', 'A.8.13', 'equal');
    const r = infer([forward, reverse]);
    expect(r?.result).toBe('partially_compliant');
    expect(r?.sources[0]?.path[0]).toMatchObject({
      relationship: 'subset',
      mappingSet: 'c-iso-to-csf',
      reversed: true,
    });
  });

  it('keeps a non-compliant source non-compliant whatever the relationship', () => {
    const equal = set('a-equal', 'csf', 'iso', 'PR.DS-11', 'A.8.13', 'equal');
    const subset = set('b-subset', 'csf', 'iso', 'PR.DS-11', 'A.8.13', 'subset');
    expect(infer([equal, subset], 'non_compliant')?.result).toBe('non_compliant');
  });
});
