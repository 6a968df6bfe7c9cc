import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../src/contexts/assessment/domain/answer.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import { compareAssessments } from '../../../src/contexts/assessment/domain/comparison.js';
import { deriveFindings } from '../../../src/contexts/assessment/domain/findings.js';
import { inferResults } from '../../../src/contexts/assessment/domain/inference.js';
import type { MappingSet, Relationship } from '../../../src/contexts/assessment/domain/mapping.js';
import {
  scoreAssessment,
  type RequirementResult,
  type ScoreResult,
} from '../../../src/contexts/assessment/domain/scoring.js';

// Every number of docs/scoring.md, recomputed. Change the doc and this file together.

const yn = (id: string, weight = 1, when?: { question: string; in: string[] }) => ({
  id,
  type: 'yes_no' as const,
  text: `${id}?`,
  weight,
  ...(when ? { when } : {}),
});

const catalog = parseCatalog(
  {
    id: 'example',
    version: '1',
    name: 'Example',
    requirements: [
      {
        id: 'D',
        title: 'Domain D',
        children: [
          { id: 'R1', title: 'Requirement one', weight: 1, questions: [yn('Q1', 1), yn('Q2', 2)] },
          { id: 'R2', title: 'Requirement two', weight: 2, questions: [yn('Q3')] },
          { id: 'R3', title: 'Requirement three', questions: [yn('Q4')] },
        ],
      },
      {
        id: 'E',
        title: 'Domain E',
        children: [
          { id: 'R4', title: 'Requirement four', questions: [{ id: 'Q5', type: 'maturity', text: 'How mature?' }] },
          {
            id: 'R5',
            title: 'Backups',
            questions: [yn('Q6'), yn('Q7', 1, { question: 'Q6', in: ['yes', 'partial'] })],
          },
          { id: 'R6', title: 'Requirement six', questions: [yn('Q8'), yn('Q9')] },
        ],
      },
    ],
  },
  'example.yaml',
);

const exampleAnswers: Record<string, AnswerValue> = {
  Q1: 'yes',
  Q2: 'partial',
  Q3: 'no',
  Q4: 'na',
  Q5: 2,
  Q6: 'no',
  Q7: 'yes', // stale: Q7 is not asked
  Q8: 'yes',
  Q9: 'na',
};

const score = (answers: Record<string, AnswerValue>, partialCredit?: number): ScoreResult =>
  scoreAssessment(catalog, new Map(Object.entries(answers)), { targetLevel: 3, partialCredit });

const result = score(exampleAnswers);
const req = (r: ScoreResult, id: string) => {
  const found = r.requirements.find((x) => x.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const node = (r: ScoreResult, id: string) => {
  const found = r.nodes.find((x) => x.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('docs/scoring.md worked examples', () => {
  it('Example A: two yes/no questions, weights 1 and 2, yes and partial', () => {
    const r1 = req(result, 'R1');
    expect(r1.score).toBeCloseTo(2 / 3, 10);
    expect(r1.score?.toFixed(3)).toBe('0.667');
    expect(r1.result).toBe('partially_compliant');
    expect(r1.maturity).toBe(3.3);
    expect(r1.gap).toBe(0);
  });

  it('Example B: maturity 2 → score 0.4, maturity 2.0, gap 1.0 at target 3', () => {
    const r4 = req(result, 'R4');
    expect(r4.score).toBe(0.4);
    expect(r4.result).toBe('partially_compliant');
    expect(r4.maturity).toBe(2);
    expect(r4.gap).toBe(1);
  });

  it('Example C: N/A is excluded', () => {
    const r6 = req(result, 'R6');
    expect(r6.score).toBe(1);
    expect(r6.result).toBe('compliant');
    const r3 = req(result, 'R3');
    expect(r3.result).toBe('not_applicable');
    expect(r3.score).toBeNull();
  });

  it('Example D: a conditional question not asked', () => {
    const r5 = req(result, 'R5');
    expect(r5.score).toBe(0);
    expect(r5.result).toBe('non_compliant');
    expect(r5.asked).toBe(1);
    expect(r5.answered).toBe(1);
    expect(r5.complete).toBe(true);
    expect(r5.questions.find((q) => q.id === 'Q7')?.status).toBe('not_asked');
  });

  it('Example E: domain roll-ups, framework score, compliance and progress', () => {
    const d = node(result, 'D');
    expect(d.score?.toFixed(3)).toBe('0.222');
    expect(d.score).toBeCloseTo(2 / 9, 10);
    expect(d.maturity).toBe(1.1);
    expect(d.gap).toBe(1.9);
    expect(d.counts).toEqual({
      compliant: 0,
      partially_compliant: 1,
      non_compliant: 1,
      not_applicable: 1,
      not_assessed: 0,
    });
    expect(d.compliance).toBe(50);

    const e = node(result, 'E');
    expect(e.score?.toFixed(3)).toBe('0.467');
    expect(e.maturity).toBe(2.3);
    expect(e.gap).toBe(0.7);

    const f = result.framework;
    expect(f.score?.toFixed(3)).toBe('0.344');
    expect(f.maturity).toBe(1.7);
    expect(f.gap).toBe(1.3);
    expect(f.compliance?.toFixed(2)).toBe('48.33');
    expect(f.asked).toBe(8);
    expect(f.answered).toBe(8);
    expect(f.progress).toBe(1);

    expect(score(exampleAnswers, 0).framework.compliance).toBeCloseTo(40, 10);
  });

  it('Example F: severities of the findings', () => {
    const findings = deriveFindings(catalog, result);
    expect(findings.map((f) => [f.requirementId, f.severityScore, f.severity])).toEqual([
      ['R2', 2, 'critical'],
      ['R5', 1, 'high'],
      ['R1', 0.67, 'medium'],
      ['R4', 0.6, 'medium'],
    ]);
    expect(findings.find((f) => f.requirementId === 'R1')?.shortfalls.map((q) => [q.id, q.weight])).toEqual([
      ['Q2', 2],
    ]);
  });

  describe('Example G: inferred results', () => {
    const set = (
      id: string,
      source: string,
      target: string,
      mappings: [string, string, Relationship][],
    ): MappingSet => ({
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
    const isoNist = set('iso-nist', 'iso', 'nist', [
      ['A.5.1', 'GV.PO-01', 'equal'],
      ['A.5.2', 'GV.RR-02', 'subset'],
      ['A.5.16', 'PR.AA-01', 'equal'],
      ['A.5.18', 'PR.AA-01', 'superset'],
      ['A.8.5', 'PR.AA-01', 'subset'],
      ['A.5.15', 'PR.AA-05', 'equal'],
    ]);
    const ensIso = set('ens-iso', 'ens', 'iso', [
      ['op.acc.1', 'A.5.16', 'equal'],
      ['op.acc.2', 'A.5.15', 'subset'],
    ]);
    const infer = (sourceResults: ReturnType<typeof results>, ids: string[], sets = [isoNist, ensIso]) =>
      inferResults({ sourceResults, mappingSets: sets, targetFramework: 'nist', targetRequirementIds: ids });

    it('1 and 2: equal carries compliant over; subset caps it at partially compliant', () => {
      const [po01, rr02] = infer(results({ iso: { 'A.5.1': 'compliant', 'A.5.2': 'compliant' } }), [
        'GV.PO-01',
        'GV.RR-02',
      ]);
      expect(po01?.result).toBe('compliant');
      expect(rr02?.result).toBe('partially_compliant');
    });

    it('3: several sources, the most restrictive wins', () => {
      const all = results({
        iso: { 'A.5.16': 'compliant', 'A.5.18': 'partially_compliant', 'A.8.5': 'non_compliant' },
      });
      const [aa01] = infer(all, ['PR.AA-01']);
      expect(aa01?.result).toBe('non_compliant');
      expect(aa01?.sources.map((s) => [s.requirement, s.carried])).toEqual([
        ['A.5.16', 'compliant'],
        ['A.5.18', 'partially_compliant'],
        ['A.8.5', 'non_compliant'],
      ]);
      const two = results({ iso: { 'A.5.16': 'compliant', 'A.5.18': 'partially_compliant' } });
      expect(infer(two, ['PR.AA-01'])[0]?.result).toBe('partially_compliant');
    });

    it('4: a chain through a pivot framework, and its weakest link', () => {
      const [aa01, aa05] = infer(results({ ens: { 'op.acc.1': 'compliant', 'op.acc.2': 'compliant' } }), [
        'PR.AA-01',
        'PR.AA-05',
      ]);
      expect(aa01?.result).toBe('compliant');
      expect(aa01?.sources[0]?.path.map((s) => [s.framework, s.requirement, s.relationship])).toEqual([
        ['iso', 'A.5.16', 'equal'],
        ['nist', 'PR.AA-01', 'equal'],
      ]);
      expect(aa05?.result).toBe('partially_compliant');
    });

    it('5: a mapping set used in reverse swaps subset and superset', () => {
      const nistIso = set('nist-iso', 'nist', 'iso', [['GV.OC-03', 'A.5.31', 'subset']]);
      const [oc03] = infer(results({ iso: { 'A.5.31': 'compliant' } }), ['GV.OC-03'], [nistIso]);
      expect(oc03?.result).toBe('compliant');
      expect(oc03?.sources[0]?.path).toEqual([
        {
          framework: 'nist',
          requirement: 'GV.OC-03',
          relationship: 'superset',
          mappingSet: 'nist-iso',
          reversed: true,
        },
      ]);
    });
  });

  it('Example H: comparing with a reassessment a year later', () => {
    const later = score({ ...exampleAnswers, Q3: 'yes', Q8: 'no' });
    const c = compareAssessments(result, later);
    const r2 = c.requirements.find((r) => r.id === 'R2');
    expect([r2?.change, r2?.delta]).toEqual(['improved', 1]);
    const r6 = c.requirements.find((r) => r.id === 'R6');
    expect([r6?.change, r6?.delta]).toEqual(['regressed', -1]);
    expect(c.requirements.find((r) => r.id === 'R3')?.change).toBe('unchanged');
    const d = c.domains.find((x) => x.id === 'D');
    expect(d?.score.after?.toFixed(3)).toBe('0.889');
    expect(d?.score.delta).toBe(0.6667);
    const e = c.domains.find((x) => x.id === 'E');
    expect(e?.score.after?.toFixed(3)).toBe('0.133');
    expect(e?.score.delta).toBe(-0.3333);
    expect(c.totals).toEqual({ improved: 1, regressed: 1, unchanged: 4, added: 0, removed: 0 });
  });
});
