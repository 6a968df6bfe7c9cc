import { describe, expect, it } from 'vitest';
import {
  carryResult,
  combineResults,
  inferResults,
  inverseRelationship,
  type InferenceInput,
} from '../../../src/contexts/assessment/domain/inference.js';
import type { MappingSet, Relationship } from '../../../src/contexts/assessment/domain/mapping.js';
import type { RequirementResult } from '../../../src/contexts/assessment/domain/scoring.js';

const set = (id: string, source: string, target: string, mappings: [string, string, Relationship][]): MappingSet => ({
  id,
  name: id,
  source: { framework: source, version: null },
  target: { framework: target, version: null },
  informative: false,
  author: null,
  description: null,
  mappings: mappings.map(([s, t, relationship]) => ({ source: s, target: t, relationship, rationale: null })),
});

const results = (entries: Record<string, Record<string, RequirementResult>>) =>
  new Map(Object.entries(entries).map(([fw, rs]) => [fw, new Map(Object.entries(rs))]));

const infer = (
  sourceResults: ReturnType<typeof results>,
  mappingSets: MappingSet[],
  targetRequirementIds: string[],
  extra: Partial<InferenceInput> = {},
) => inferResults({ sourceResults, mappingSets, targetFramework: 't', targetRequirementIds, ...extra });

const one = (result: RequirementResult, relationship: Relationship) =>
  infer(results({ s: { S1: result } }), [set('s-t', 's', 't', [['S1', 'T1', relationship]])], ['T1'])[0];

describe('carrying one source result', () => {
  it.each<[RequirementResult, Relationship, RequirementResult]>([
    ['compliant', 'equal', 'compliant'],
    ['compliant', 'superset', 'compliant'],
    ['compliant', 'subset', 'partially_compliant'],
    ['compliant', 'intersect', 'partially_compliant'],
    ['partially_compliant', 'equal', 'partially_compliant'],
    ['partially_compliant', 'subset', 'partially_compliant'],
    ['non_compliant', 'equal', 'non_compliant'],
    ['non_compliant', 'subset', 'non_compliant'],
    ['non_compliant', 'intersect', 'non_compliant'],
    ['not_applicable', 'equal', 'not_applicable'],
    ['not_applicable', 'superset', 'not_applicable'],
  ])('%s through %s → %s', (source, relationship, expected) => {
    const r = one(source, relationship);
    expect(r?.result).toBe(expected);
    expect(r?.sources[0]?.carried).toBe(expected);
  });

  it.each<[RequirementResult, Relationship]>([
    ['not_applicable', 'subset'],
    ['not_applicable', 'intersect'],
    ['not_assessed', 'equal'],
    ['not_assessed', 'subset'],
  ])('%s through %s is ignored', (source, relationship) => {
    const r = one(source, relationship);
    expect(r?.result).toBe('not_assessed');
    expect(r?.sources).toHaveLength(1);
    expect(r?.sources[0]?.carried).toBeNull();
  });

  it('helpers agree with the table', () => {
    expect(carryResult('compliant', 'partial')).toBe('partially_compliant');
    expect(inverseRelationship('subset')).toBe('superset');
    expect(inverseRelationship('superset')).toBe('subset');
    expect(inverseRelationship('equal')).toBe('equal');
    expect(inverseRelationship('intersect')).toBe('intersect');
  });
});

describe('several sources', () => {
  it('the most restrictive result wins', () => {
    expect(combineResults(['compliant', 'partially_compliant'])).toBe('partially_compliant');
    expect(combineResults(['compliant', 'non_compliant', 'partially_compliant'])).toBe('non_compliant');
    expect(combineResults(['compliant', 'compliant'])).toBe('compliant');
  });

  it('not_applicable yields to any other carried result; alone it stands; nothing gives not_assessed', () => {
    expect(combineResults(['not_applicable', 'compliant'])).toBe('compliant');
    expect(combineResults(['not_applicable', 'not_applicable'])).toBe('not_applicable');
    expect(combineResults([null, 'not_applicable'])).toBe('not_applicable');
    expect(combineResults([null, 'not_assessed'])).toBe('not_assessed');
    expect(combineResults([])).toBe('not_assessed');
  });

  it('combines sources from several frameworks, listing them in a stable order', () => {
    const sets = [
      set('a-t', 'a', 't', [
        ['A2', 'T1', 'equal'],
        ['A1', 'T1', 'subset'],
      ]),
      set('b-t', 'b', 't', [['B1', 'T1', 'equal']]),
    ];
    const [t1] = infer(results({ a: { A1: 'compliant', A2: 'compliant' }, b: { B1: 'not_applicable' } }), sets, ['T1']);
    expect(t1?.result).toBe('partially_compliant');
    expect(t1?.sources.map((s) => [s.framework, s.requirement, s.result, s.coverage, s.carried])).toEqual([
      ['a', 'A1', 'compliant', 'partial', 'partially_compliant'],
      ['a', 'A2', 'compliant', 'full', 'compliant'],
      ['b', 'B1', 'not_applicable', 'full', 'not_applicable'],
    ]);
  });
});

describe('reverse use of a mapping set', () => {
  it('a set from T to S is used from S to T with subset and superset swapped', () => {
    const tToS = set('t-s', 't', 's', [
      ['T1', 'S1', 'subset'],
      ['T2', 'S2', 'superset'],
    ]);
    const [t1, t2] = infer(results({ s: { S1: 'compliant', S2: 'compliant' } }), [tToS], ['T1', 'T2']);
    expect(t1?.result).toBe('compliant');
    expect(t1?.sources[0]?.path).toEqual([
      { framework: 't', requirement: 'T1', relationship: 'superset', mappingSet: 't-s', reversed: true },
    ]);
    expect(t2?.result).toBe('partially_compliant');
    expect(t2?.sources[0]?.path[0]?.relationship).toBe('subset');
  });
});

describe('chains through pivot frameworks', () => {
  const ensIso = set('ens-iso', 'ens', 'iso', [
    ['op.acc.1', 'A.5.16', 'equal'],
    ['op.acc.2', 'A.5.15', 'subset'],
    ['op.exp.1', 'A.5.9', 'superset'],
  ]);
  const isoNist = set('iso-nist', 'iso', 'nist', [
    ['A.5.16', 'PR.AA-01', 'equal'],
    ['A.5.15', 'PR.AA-05', 'superset'],
    ['A.5.9', 'ID.AM-01', 'intersect'],
  ]);
  const run = (
    r: Record<string, Record<string, RequirementResult>>,
    ids: string[],
    extra: Partial<InferenceInput> = {},
  ) =>
    inferResults({
      sourceResults: results(r),
      mappingSets: [ensIso, isoNist],
      targetFramework: 'nist',
      targetRequirementIds: ids,
      ...extra,
    });

  it('ENS → ISO → NIST carries the result with the whole path as provenance', () => {
    const [aa01] = run({ ens: { 'op.acc.1': 'compliant' } }, ['PR.AA-01']);
    expect(aa01?.result).toBe('compliant');
    expect(aa01?.sources).toEqual([
      {
        framework: 'ens',
        requirement: 'op.acc.1',
        result: 'compliant',
        coverage: 'full',
        carried: 'compliant',
        path: [
          { framework: 'iso', requirement: 'A.5.16', relationship: 'equal', mappingSet: 'ens-iso', reversed: false },
          {
            framework: 'nist',
            requirement: 'PR.AA-01',
            relationship: 'equal',
            mappingSet: 'iso-nist',
            reversed: false,
          },
        ],
      },
    ]);
  });

  it('the weakest link caps the chain, wherever it is', () => {
    const [aa05, am01] = run({ ens: { 'op.acc.2': 'compliant', 'op.exp.1': 'compliant' } }, ['PR.AA-05', 'ID.AM-01']);
    expect([aa05?.result, aa05?.sources[0]?.coverage]).toEqual(['partially_compliant', 'partial']);
    expect([am01?.result, am01?.sources[0]?.coverage]).toEqual(['partially_compliant', 'partial']);
  });

  it('the pivot framework, if assessed, is a source of its own', () => {
    const [aa01] = run({ ens: { 'op.acc.1': 'compliant' }, iso: { 'A.5.16': 'non_compliant' } }, ['PR.AA-01']);
    expect(aa01?.result).toBe('non_compliant');
    expect(aa01?.sources.map((s) => [s.framework, s.path.length])).toEqual([
      ['ens', 2],
      ['iso', 1],
    ]);
  });

  it('reverse mappings chain too', () => {
    const nistIso = set('nist-iso', 'nist', 'iso', [['PR.DS-01', 'A.8.24', 'subset']]);
    const isoEns = set('iso-ens', 'ens', 'iso', [['mp.info.3', 'A.8.24', 'equal']]);
    const [ds01] = inferResults({
      sourceResults: results({ ens: { 'mp.info.3': 'compliant' } }),
      mappingSets: [nistIso, isoEns],
      targetFramework: 'nist',
      targetRequirementIds: ['PR.DS-01'],
    });
    expect(ds01?.result).toBe('compliant');
    expect(ds01?.sources[0]?.path.map((s) => [s.requirement, s.relationship, s.reversed])).toEqual([
      ['A.8.24', 'equal', false],
      ['PR.DS-01', 'superset', true],
    ]);
  });

  it('follows at most 3 mappings, and fewer when asked', () => {
    const chain = [
      set('a-b', 'a', 'b', [['A1', 'B1', 'equal']]),
      set('b-c', 'b', 'c', [['B1', 'C1', 'equal']]),
      set('c-d', 'c', 'd', [['C1', 'D1', 'equal']]),
      set('d-t', 'd', 't', [['D1', 'T1', 'equal']]),
    ];
    const four = results({ a: { A1: 'compliant' } });
    expect(infer(four, chain, ['T1'])[0]?.sources).toEqual([]);
    const three = results({ b: { B1: 'compliant' } });
    expect(infer(three, chain, ['T1'])[0]?.result).toBe('compliant');
    expect(infer(three, chain, ['T1'], { maxChainLength: 2 })[0]?.result).toBe('not_assessed');
    expect(infer(three, chain, ['T1'], { maxChainLength: 10 })[0]?.sources[0]?.path).toHaveLength(3);
  });

  it('never loops back into a framework, nor starts from the target framework', () => {
    const sets = [
      set('a-t', 'a', 't', [
        ['A1', 'T1', 'equal'],
        ['A1', 'T2', 'equal'],
      ]),
    ];
    // T2 → A1 → T1 would pass through the target framework.
    const [t1] = infer(results({ t: { T2: 'non_compliant' }, a: { A1: 'compliant' } }), sets, ['T1']);
    expect(t1?.sources.map((s) => s.framework)).toEqual(['a']);
    expect(t1?.result).toBe('compliant');
    // A1 → B1 → A2 → T1 would enter framework a twice.
    const loop = [
      set('a-b', 'a', 'b', [
        ['A1', 'B1', 'equal'],
        ['A2', 'B1', 'equal'],
      ]),
      set('a-t2', 'a', 't', [['A2', 'T3', 'equal']]),
    ];
    const [t3] = infer(results({ a: { A1: 'non_compliant' } }), loop, ['T3']);
    expect(t3?.sources).toEqual([]);
  });

  it('keeps the best path for a source reached several ways: full coverage first, then shortest', () => {
    const sets = [
      set('a-t', 'a', 't', [['A1', 'T1', 'subset']]),
      set('a-b', 'a', 'b', [['A1', 'B1', 'equal']]),
      set('b-t', 'b', 't', [['B1', 'T1', 'equal']]),
    ];
    const [t1] = infer(results({ a: { A1: 'compliant' } }), sets, ['T1']);
    expect(t1?.sources).toHaveLength(1);
    expect(t1?.sources[0]?.coverage).toBe('full');
    expect(t1?.sources[0]?.path).toHaveLength(2);
    expect(t1?.result).toBe('compliant');
  });
});

describe('targets', () => {
  it('answers for every target in order, not_assessed without any mapping', () => {
    const r = infer(results({ s: { S1: 'compliant' } }), [set('s-t', 's', 't', [['S1', 'T2', 'equal']])], ['T1', 'T2']);
    expect(r.map((x) => [x.requirementId, x.result, x.sources.length])).toEqual([
      ['T1', 'not_assessed', 0],
      ['T2', 'compliant', 1],
    ]);
  });

  it('ignores mappings inside one framework', () => {
    const r = infer(results({ t: { T1: 'compliant' } }), [set('t-t', 't', 't', [['T1', 'T2', 'equal']])], ['T2']);
    expect(r[0]?.sources).toEqual([]);
  });
});
