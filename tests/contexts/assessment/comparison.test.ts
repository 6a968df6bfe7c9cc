import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../src/contexts/assessment/domain/answer.js';
import type { CatalogInput } from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import { changeOf, compareAssessments } from '../../../src/contexts/assessment/domain/comparison.js';
import { scoreAssessment } from '../../../src/contexts/assessment/domain/scoring.js';

const yn = (id: string) => ({ id, type: 'yes_no' as const, text: `${id}?` });
const build = (version: string, requirements: CatalogInput['requirements'], id = 'fw') =>
  parseCatalog({ id, version, name: 'Framework', requirements }, 'fw.yaml');

const v1 = build('1', [
  {
    id: 'A',
    title: 'A',
    children: [
      { id: 'A.1', title: 'x', questions: [yn('a1')] },
      { id: 'A.2', title: 'x', questions: [yn('a2')] },
      { id: 'A.3', title: 'x', questions: [yn('a3')] },
      { id: 'A.4', title: 'x', questions: [yn('a4')] },
      { id: 'A.5', title: 'x', questions: [yn('a5')] },
    ],
  },
  { id: 'B', title: 'B', children: [{ id: 'B.1', title: 'x', questions: [yn('b1')] }] },
]);
const v2 = build('2', [
  {
    id: 'A',
    title: 'A',
    children: [
      { id: 'A.1', title: 'x', questions: [yn('a1')] },
      { id: 'A.2', title: 'x', questions: [yn('a2')] },
      { id: 'A.3', title: 'x', questions: [yn('a3')] },
      { id: 'A.4', title: 'x', questions: [yn('a4')] },
      { id: 'A.6', title: 'x', questions: [yn('a6')] },
    ],
  },
  { id: 'C', title: 'C', children: [{ id: 'C.1', title: 'x', questions: [yn('c1')] }] },
]);
const score = (c: typeof v1, a: Record<string, AnswerValue>) => scoreAssessment(c, new Map(Object.entries(a)));

describe('compareAssessments', () => {
  const before = score(v1, { a1: 'no', a2: 'yes', a3: 'partial', a4: 'na', a5: 'yes', b1: 'yes' });
  const after = score(v2, { a1: 'partial', a2: 'no', a3: 'partial', a6: 'yes', c1: 'no' });
  const c = compareAssessments(before, after);
  const byId = (id: string) => c.requirements.find((r) => r.id === id);

  it('classifies each requirement present in either scoring', () => {
    expect(c.requirements.map((r) => [r.id, r.change])).toEqual([
      ['A.1', 'improved'],
      ['A.2', 'regressed'],
      ['A.3', 'unchanged'],
      ['A.4', 'unchanged'],
      ['A.6', 'added'],
      ['C.1', 'added'],
      ['A.5', 'removed'],
      ['B.1', 'removed'],
    ]);
  });

  it('gives before and after result and score with the delta', () => {
    expect(byId('A.1')).toEqual({
      id: 'A.1',
      before: { result: 'non_compliant', score: 0 },
      after: { result: 'partially_compliant', score: 0.5 },
      delta: 0.5,
      change: 'improved',
    });
    expect(byId('A.2')?.delta).toBe(-1);
    expect(byId('A.3')?.delta).toBe(0);
    expect(byId('A.6')).toMatchObject({ before: null, after: { result: 'compliant', score: 1 }, delta: null });
    expect(byId('B.1')).toMatchObject({ before: { result: 'compliant', score: 1 }, after: null, delta: null });
  });

  it('a side without a score (n/a → not assessed) is unchanged, with no delta', () => {
    expect(byId('A.4')).toMatchObject({
      before: { result: 'not_applicable', score: null },
      after: { result: 'not_assessed', score: null },
      delta: null,
      change: 'unchanged',
    });
    expect(changeOf({ result: 'not_assessed', score: null }, { result: 'compliant', score: 1 })).toBe('unchanged');
  });

  it('ignores score noise below 0.0005', () => {
    expect(
      changeOf({ result: 'partially_compliant', score: 0.5 }, { result: 'partially_compliant', score: 0.5004 }),
    ).toBe('unchanged');
    expect(
      changeOf({ result: 'partially_compliant', score: 0.5 }, { result: 'partially_compliant', score: 0.501 }),
    ).toBe('improved');
  });

  it('counts the changes', () => {
    expect(c.totals).toEqual({ improved: 1, regressed: 1, unchanged: 2, added: 2, removed: 2 });
  });

  it('compares domains: present in both, added and removed', () => {
    const a = c.domains.find((d) => d.id === 'A');
    // before: (0 + 1 + 0.5 + 1) / 4 = 0.625; after: (0.5 + 0 + 0.5 + 1) / 4 = 0.5
    expect(a?.score).toEqual({ before: 0.625, after: 0.5, delta: -0.125 });
    // compliance before: (0 + 1 + 0.5 + 1) / 4 = 62.5 %; after: (0.5 + 0 + 0.5 + 1) / 4 = 50 %
    expect(a?.compliance).toEqual({ before: 62.5, after: 50, delta: -12.5 });
    expect(a?.maturity).toEqual({ before: 3.1, after: 2.5, delta: -0.6 });
    expect(c.domains.map((d) => d.id)).toEqual(['A', 'C', 'B']);
    expect(c.domains.find((d) => d.id === 'C')?.score).toEqual({ before: null, after: 0, delta: null });
    expect(c.domains.find((d) => d.id === 'B')?.score).toEqual({ before: 1, after: null, delta: null });
  });

  it('compares the framework overall and records both versions', () => {
    expect(c.framework).toBe('fw');
    expect(c.versions).toEqual({ before: '1', after: '2' });
    // before: (0 + 1 + 0.5 + 1 + 1) / 5 = 0.7; after: (0.5 + 0 + 0.5 + 1 + 0) / 5 = 0.4
    expect(c.overall.score).toEqual({ before: 0.7, after: 0.4, delta: -0.3 });
  });

  it('comparing a scoring with itself shows nothing changed', () => {
    const same = compareAssessments(before, before);
    expect(same.totals).toEqual({ improved: 0, regressed: 0, unchanged: 6, added: 0, removed: 0 });
    expect(same.domains.every((d) => d.score.delta === 0)).toBe(true);
  });

  it('refuses to compare different frameworks', () => {
    const other = score(build('1', [{ id: 'X', title: 'x', questions: [yn('x')] }], 'other'), {});
    expect(() => compareAssessments(before, other)).toThrow(/cannot compare fw with other/);
  });
});
