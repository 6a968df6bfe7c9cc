import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../src/contexts/assessment/domain/answer.js';
import {
  isAssessable,
  walkRequirements,
  type Catalog,
  type CatalogInput,
  type Question,
} from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import {
  compareRequirementIds,
  isAsked,
  prepareCatalog,
  questionScore,
  round,
  scoreAssessment,
  type ScoreResult,
} from '../../../src/contexts/assessment/domain/scoring.js';

const build = (requirements: CatalogInput['requirements'], extra: Partial<CatalogInput> = {}): Catalog =>
  parseCatalog({ id: 'test', version: '1', name: 'Test', requirements, ...extra }, 'test.yaml');

const question = (q: Partial<Question> & Pick<Question, 'type'>): Question => ({
  id: 'Q',
  text: { en: 'Q?' },
  guidance: null,
  evidence: null,
  weight: 1,
  when: null,
  choices: null,
  levels: null,
  min: null,
  max: null,
  unit: null,
  target: null,
  ...q,
});

const choices = [
  { id: 'a', label: { en: 'A' }, score: 0 },
  { id: 'b', label: { en: 'B' }, score: 0.25 },
  { id: 'c', label: { en: 'C' }, score: 0.5 },
  { id: 'd', label: { en: 'D' }, score: 1 },
];

const answers = (a: Record<string, AnswerValue>) => new Map(Object.entries(a));
const req = (r: ScoreResult, id: string) => {
  const found = r.requirements.find((x) => x.id === id);
  if (!found) throw new Error(`no requirement ${id} in the result`);
  return found;
};
const yn = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'yes_no' as const,
  text: `${id}?`,
  ...extra,
});

describe('questionScore', () => {
  it('yes/no: yes 1, partial 0.5, no 0, na none', () => {
    const q = question({ type: 'yes_no' });
    expect(['yes', 'partial', 'no', 'na'].map((v) => questionScore(q, v))).toEqual([1, 0.5, 0, null]);
    expect(questionScore(q, 'maybe')).toBeNull();
  });

  it('maturity: level / 5, numeric text accepted, out of range none', () => {
    const q = question({ type: 'maturity' });
    expect([0, 1, 2, 3, 4, 5].map((v) => questionScore(q, v))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(questionScore(q, '3')).toBe(0.6);
    expect(questionScore(q, 6)).toBeNull();
    expect(questionScore(q, -1)).toBeNull();
    expect(questionScore(q, 'na')).toBeNull();
    expect(questionScore(q, '')).toBeNull();
  });

  it("single choice: the choice's score; unknown choice none", () => {
    const q = question({ type: 'single_choice', choices });
    expect(questionScore(q, 'b')).toBe(0.25);
    expect(questionScore(q, 'd')).toBe(1);
    expect(questionScore(q, 'z')).toBeNull();
    expect(questionScore(q, 'na')).toBeNull();
    expect(questionScore(q, ['b'])).toBeNull();
  });

  it('multiple choice: sum of the chosen scores capped at 1; nothing chosen is 0', () => {
    const q = question({ type: 'multiple_choice', choices });
    expect(questionScore(q, ['b', 'c'])).toBe(0.75);
    expect(questionScore(q, ['c', 'd'])).toBe(1);
    expect(questionScore(q, [])).toBe(0);
    expect(questionScore(q, 'c')).toBe(0.5);
    expect(questionScore(q, ['b', 'z'])).toBeNull();
    expect(questionScore(q, 'na')).toBeNull();
  });

  it('number with target: value / target clamped to 0..1', () => {
    const q = question({ type: 'number', target: 4, min: 0, max: 100 });
    expect(questionScore(q, 2)).toBe(0.5);
    expect(questionScore(q, 8)).toBe(1);
    expect(questionScore(q, -3)).toBe(0);
    expect(questionScore(q, '3')).toBe(0.75);
    expect(questionScore(q, 'na')).toBeNull();
    expect(questionScore(q, 'lots')).toBeNull();
  });

  it('number with min and max: position in the range, clamped', () => {
    const q = question({ type: 'number', min: 10, max: 20 });
    expect(questionScore(q, 15)).toBe(0.5);
    expect(questionScore(q, 5)).toBe(0);
    expect(questionScore(q, 25)).toBe(1);
  });

  it('number without target or full range, or with an empty range, is unscored', () => {
    expect(questionScore(question({ type: 'number' }), 5)).toBeNull();
    expect(questionScore(question({ type: 'number', min: 0 }), 5)).toBeNull();
    expect(questionScore(question({ type: 'number', min: 3, max: 3 }), 3)).toBeNull();
  });

  it('text is unscored', () => {
    expect(questionScore(question({ type: 'text' }), 'we do it')).toBeNull();
  });
});

describe('isAsked', () => {
  const q1 = question({ id: 'Q1', type: 'multiple_choice', choices });
  const q2 = question({ id: 'Q2', type: 'yes_no', when: { question: 'Q1', in: ['c', 'd'] } });
  const q3 = question({ id: 'Q3', type: 'yes_no', when: { question: 'Q2', in: ['yes'] } });
  const m = question({ id: 'M', type: 'maturity' });
  const afterM = question({ id: 'X', type: 'yes_no', when: { question: 'M', in: ['4', '5'] } });

  it('asks a question without condition', () => {
    expect(isAsked(q1, new Map())).toBe(true);
  });

  it('asks a conditional question only when the earlier answer is listed', () => {
    expect(isAsked(q2, answers({}))).toBe(false);
    expect(isAsked(q2, answers({ Q1: ['a'] }))).toBe(false);
    expect(isAsked(q2, answers({ Q1: ['a', 'd'] }))).toBe(true);
    expect(isAsked(q2, answers({ Q1: 'c' }))).toBe(true);
  });

  it('compares numbers as text', () => {
    expect(isAsked(afterM, answers({ M: 4 }))).toBe(true);
    expect(isAsked(afterM, answers({ M: 3 }))).toBe(false);
    expect(m.when).toBeNull();
  });

  it('follows the chain when given the question index', () => {
    const index = new Map([q1, q2, q3].map((q) => [q.id, q]));
    // Q2 still holds "yes" from before Q1 changed: Q3 is asked only without the index.
    const stale = answers({ Q1: ['a'], Q2: 'yes' });
    expect(isAsked(q3, stale)).toBe(true);
    expect(isAsked(q3, stale, index)).toBe(false);
    expect(isAsked(q3, answers({ Q1: ['d'], Q2: 'yes' }), index)).toBe(true);
  });
});

describe('scoreAssessment: requirements', () => {
  const catalog = build([
    {
      id: 'D',
      title: 'D',
      children: [
        {
          id: 'R1',
          title: 'R1',
          questions: [yn('R1.Q1', { weight: 1 }), yn('R1.Q2', { weight: 3 }), yn('R1.Q3')],
        },
        {
          id: 'R2',
          title: 'R2',
          questions: [
            { id: 'R2.Q1', type: 'text', text: 'Describe' },
            { id: 'R2.Q2', type: 'number', text: 'How many?' },
          ],
        },
        {
          id: 'R3',
          title: 'R3',
          questions: [
            yn('R3.Q1'),
            yn('R3.Q2', { when: { question: 'R3.Q1', in: ['yes'] } }),
            yn('R3.Q3', { when: { question: 'R3.Q2', in: ['yes'] } }),
          ],
        },
        { id: 'R4', title: 'R4', questions: [yn('R4.Q1', { when: { question: 'R3.Q1', in: ['no'] } })] },
        { id: 'R5', title: 'R5', withdrawn: true, questions: [yn('R5.Q1')] },
      ],
    },
  ]);

  it('weights questions and scores on what was answered, flagging incomplete requirements', () => {
    const r = scoreAssessment(catalog, answers({ 'R1.Q1': 'yes', 'R1.Q2': 'no' }));
    const r1 = req(r, 'R1');
    expect(r1.score).toBe(0.25);
    expect(r1.result).toBe('partially_compliant');
    expect(r1.complete).toBe(false);
    expect([r1.asked, r1.answered, r1.scored]).toEqual([3, 2, 2]);
    expect(r1.questions.map((q) => q.status)).toEqual(['scored', 'scored', 'unanswered']);
  });

  it('all yes → compliant, all no → non_compliant', () => {
    const yes = scoreAssessment(catalog, answers({ 'R1.Q1': 'yes', 'R1.Q2': 'yes', 'R1.Q3': 'yes' }));
    expect([req(yes, 'R1').result, req(yes, 'R1').score, req(yes, 'R1').complete]).toEqual(['compliant', 1, true]);
    const no = scoreAssessment(catalog, answers({ 'R1.Q1': 'no', 'R1.Q2': 'no', 'R1.Q3': 'no' }));
    expect([req(no, 'R1').result, req(no, 'R1').score, req(no, 'R1').maturity]).toEqual(['non_compliant', 0, 0]);
  });

  it('all asked questions N/A → not_applicable; some N/A and the rest unanswered → not_assessed', () => {
    const all = scoreAssessment(catalog, answers({ 'R1.Q1': 'na', 'R1.Q2': 'na', 'R1.Q3': 'na' }));
    expect(req(all, 'R1').result).toBe('not_applicable');
    expect(req(all, 'R1').score).toBeNull();
    expect(req(all, 'R1').maturity).toBeNull();
    expect(req(all, 'R1').gap).toBeNull();
    const some = scoreAssessment(catalog, answers({ 'R1.Q1': 'na' }));
    expect(req(some, 'R1').result).toBe('not_assessed');
  });

  it('nothing answered → not_assessed', () => {
    const r = scoreAssessment(catalog, new Map());
    expect(r.requirements.map((x) => x.result)).toEqual([
      'not_assessed',
      'not_assessed',
      'not_assessed',
      'not_assessed',
    ]);
    expect(r.framework.progress).toBe(0);
    expect(r.framework.compliance).toBeNull();
    expect(r.framework.score).toBeNull();
  });

  it('answered but nothing scorable (text, number without target) → not_assessed though complete', () => {
    const r = scoreAssessment(catalog, answers({ 'R2.Q1': 'a process', 'R2.Q2': 12 }));
    const r2 = req(r, 'R2');
    expect([r2.result, r2.complete, r2.scored]).toEqual(['not_assessed', true, 0]);
    expect(r2.questions.map((q) => q.status)).toEqual(['unscored', 'unscored']);
  });

  it('conditional questions: not asked ones are excluded, along the chain, stale answers ignored', () => {
    const r = scoreAssessment(catalog, answers({ 'R3.Q1': 'no', 'R3.Q2': 'yes', 'R3.Q3': 'no', 'R4.Q1': 'yes' }));
    const r3 = req(r, 'R3');
    expect([r3.asked, r3.answered, r3.score, r3.result]).toEqual([1, 1, 0, 'non_compliant']);
    expect(r3.questions.map((q) => q.status)).toEqual(['scored', 'not_asked', 'not_asked']);
    expect(req(r, 'R4').result).toBe('compliant');

    const asked = scoreAssessment(catalog, answers({ 'R3.Q1': 'yes', 'R3.Q2': 'yes', 'R3.Q3': 'no' }));
    expect([req(asked, 'R3').asked, req(asked, 'R3').score]).toEqual([3, 2 / 3]);
  });

  it('a requirement with no asked question: not_applicable once decided, not_assessed while pending', () => {
    expect(req(scoreAssessment(catalog, answers({ 'R3.Q1': 'yes' })), 'R4').result).toBe('not_applicable');
    expect(req(scoreAssessment(catalog, new Map()), 'R4').result).toBe('not_assessed');
    expect(req(scoreAssessment(catalog, answers({ 'R3.Q1': 'yes' })), 'R4').asked).toBe(0);
  });

  it('leaves withdrawn requirements out', () => {
    const r = scoreAssessment(catalog, answers({ 'R5.Q1': 'no' }));
    expect(r.requirements.map((x) => x.id)).not.toContain('R5');
    expect(r.outOfScope).not.toContain('R5');
  });

  it('maturity is round(score × 5, 1) and gap max(0, target − maturity)', () => {
    const c = build([{ id: 'R', title: 'R', questions: [{ id: 'M', type: 'maturity', text: 'M' }, yn('Y')] }]);
    const r = scoreAssessment(c, answers({ M: 4, Y: 'partial' }), { targetLevel: 4 });
    // (0.8 + 0.5) / 2 = 0.65 → 3.25 → 3.3
    expect(req(r, 'R').maturity).toBe(3.3);
    expect(req(r, 'R').gap).toBe(0.7);
    expect(req(scoreAssessment(c, answers({ M: 5, Y: 'yes' }), { targetLevel: 4 }), 'R').gap).toBe(0);
    expect(req(scoreAssessment(c, answers({ M: 0, Y: 'no' })), 'R').gap).toBe(3);
    expect(req(scoreAssessment(c, answers({ M: 0, Y: 'no' }), { targetLevel: 0 }), 'R').gap).toBe(0);
  });

  it('rejects a target level or partial credit out of range', () => {
    expect(() => scoreAssessment(catalog, new Map(), { targetLevel: 6 })).toThrow(/target level/);
    expect(() => scoreAssessment(catalog, new Map(), { targetLevel: -1 })).toThrow(/target level/);
    expect(() => scoreAssessment(catalog, new Map(), { partialCredit: 1.5 })).toThrow(/partial credit/);
  });
});

describe('scoreAssessment: roll-up', () => {
  const catalog = build([
    {
      id: 'A',
      title: 'A',
      children: [
        {
          id: 'A.1',
          title: 'A.1',
          children: [
            { id: 'A.1.1', title: 'x', weight: 3, questions: [yn('a11')] },
            { id: 'A.1.2', title: 'x', weight: 1, questions: [yn('a12')] },
          ],
        },
        { id: 'A.2', title: 'x', weight: 2, questions: [yn('a2')] },
        { id: 'A.3', title: 'x', weight: 5, questions: [yn('a3')] },
        { id: 'A.4', title: 'x', weight: 5, questions: [yn('a4')] },
      ],
    },
    {
      id: 'B',
      title: 'B',
      questions: [yn('b')],
      children: [{ id: 'B.1', title: 'x', questions: [{ id: 'b1', type: 'maturity', text: 'm' }] }],
    },
  ]);
  const given = answers({ a11: 'yes', a12: 'no', a2: 'partial', a3: 'na', b: 'yes', b1: 1 });
  const r = scoreAssessment(catalog, given);
  const node = (id: string) => r.nodes.find((n) => n.id === id);

  it('rolls up by requirement weight, excluding not applicable and not assessed', () => {
    // A.1: (3 × 1 + 1 × 0) / 4
    expect(node('A.1')?.score).toBe(0.75);
    // A: (3 × 1 + 1 × 0 + 2 × 0.5) / 6; A.3 (n/a) and A.4 (unanswered) left out
    expect(node('A')?.score).toBeCloseTo(4 / 6, 12);
    expect(node('A')?.counts).toEqual({
      compliant: 1,
      partially_compliant: 1,
      non_compliant: 1,
      not_applicable: 1,
      not_assessed: 1,
    });
    expect(node('A')?.requirements).toBe(5);
    expect([node('A')?.asked, node('A')?.answered]).toEqual([5, 4]);
    expect(node('A')?.progress).toBe(0.8);
  });

  it('a node that has questions and children rolls up itself and its children', () => {
    expect(node('B')?.score).toBeCloseTo((1 + 0.2) / 2, 12);
    expect(node('B')?.counts.compliant).toBe(1);
    expect(node('B')?.counts.partially_compliant).toBe(1);
    expect(r.requirements.map((x) => x.id)).toContain('B');
  });

  it('lists nodes in catalog order with parent and depth; requirements know their domain', () => {
    expect(r.nodes.map((n) => [n.id, n.parent, n.depth])).toEqual([
      ['A', null, 0],
      ['A.1', 'A', 1],
      ['B', null, 0],
    ]);
    expect(req(r, 'A.1.2').domain).toBe('A');
    expect(req(r, 'A.1.2').parent).toBe('A.1');
  });

  it('the framework score is the weighted mean over all requirements; compliance counts questions', () => {
    // requirements: A.1.1 3×1, A.1.2 1×0, A.2 2×0.5, B 1×1, B.1 1×0.2
    expect(r.framework.score).toBeCloseTo((3 + 0 + 1 + 1 + 0.2) / 8, 12);
    // questions: 1, 0, 0.5, 1, 0.2 (unweighted)
    expect(r.framework.compliance).toBeCloseTo((2.7 / 5) * 100, 10);
    expect(r.framework.counts).toEqual({
      compliant: 2,
      partially_compliant: 2,
      non_compliant: 1,
      not_applicable: 1,
      not_assessed: 1,
    });
    expect([r.framework.id, r.framework.version]).toEqual(['test', '1']);
  });

  it('partial credit changes only the compliance percentage', () => {
    const full = scoreAssessment(catalog, given, { partialCredit: 1 });
    expect(full.framework.compliance).toBeCloseTo((3.2 / 5) * 100, 10);
    expect(full.framework.score).toBe(r.framework.score);
    expect(full.options.partialCredit).toBe(1);
  });
});

describe('scoreAssessment: scope', () => {
  const levels = [
    { id: 'basica', name: 'B' },
    { id: 'media', name: 'M' },
    { id: 'alta', name: 'A' },
  ];
  const catalog = build(
    [
      {
        id: 'org',
        title: 'org',
        children: [
          { id: 'org.1', title: 'x', applicability: ['basica', 'media', 'alta'], questions: [yn('o1')] },
          { id: 'org.2', title: 'x', applicability: ['alta'], questions: [yn('o2')] },
          { id: 'org.3', title: 'x', questions: [yn('o3')] },
        ],
      },
      {
        id: 'op',
        title: 'op',
        applicability: ['alta'],
        children: [{ id: 'op.1', title: 'x', questions: [yn('p1')] }],
      },
      { id: 'mp', title: 'mp', children: [{ id: 'mp.1', title: 'x', questions: [yn('m1')] }] },
    ],
    { levels },
  );
  const all = answers({ o1: 'yes', o2: 'no', o3: 'yes', p1: 'no', m1: 'yes' });

  it('a level leaves out requirements (and subtrees) that do not apply at it', () => {
    const r = scoreAssessment(catalog, all, { level: 'media' });
    expect(r.requirements.map((x) => x.id)).toEqual(['org.1', 'org.3', 'mp.1']);
    expect(r.outOfScope).toEqual(['org.2', 'op.1']);
    expect(r.nodes.map((n) => n.id)).toEqual(['org', 'mp']);
    expect(r.framework.compliance).toBe(100);
    expect(r.options.level).toBe('media');
  });

  it('at the top level everything applies', () => {
    const r = scoreAssessment(catalog, all, { level: 'alta' });
    expect(r.outOfScope).toEqual([]);
    expect(r.framework.compliance).toBe(60);
  });

  it('rejects a level the catalog does not declare; ignores a level for a catalog without levels', () => {
    expect(() => scoreAssessment(catalog, all, { level: 'extreme' })).toThrow(/no level "extreme"/);
    const plain = build([{ id: 'R', title: 'R', questions: [yn('q')] }]);
    const r = scoreAssessment(plain, answers({ q: 'yes' }), { level: 'media' });
    expect(r.requirements).toHaveLength(1);
    expect(r.options.level).toBeNull();
  });

  it('domains scope keeps only the listed top-level requirements', () => {
    const r = scoreAssessment(catalog, all, { scopeDomains: ['mp'] });
    expect(r.requirements.map((x) => x.id)).toEqual(['mp.1']);
    expect(r.outOfScope).toEqual(['org.1', 'org.2', 'org.3', 'op.1']);
    expect(r.framework.requirements).toBe(1);
    expect(scoreAssessment(catalog, all, { scopeDomains: [] }).requirements).toHaveLength(5);
    expect(() => scoreAssessment(catalog, all, { scopeDomains: ['xx'] })).toThrow(/no top-level requirement "xx"/);
  });

  it('level and domains combine', () => {
    const r = scoreAssessment(catalog, all, { level: 'basica', scopeDomains: ['org', 'op'] });
    expect(r.requirements.map((x) => x.id)).toEqual(['org.1', 'org.3']);
  });
});

describe('prepareCatalog', () => {
  it('indexes once per catalog and is accepted by scoreAssessment', () => {
    const catalog = build([{ id: 'R', title: 'R', questions: [yn('q1'), yn('q2')] }]);
    const p = prepareCatalog(catalog);
    expect(prepareCatalog(catalog)).toBe(p);
    expect(p.requirementOfQuestion.get('q2')).toBe('R');
    expect(p.questionsById.get('q1')?.type).toBe('yes_no');
    expect(scoreAssessment(p, answers({ q1: 'yes', q2: 'no' })).framework.score).toBe(0.5);
  });
});

describe('round', () => {
  it('rounds halves up without binary noise', () => {
    expect(round(3.25, 1)).toBe(3.3);
    expect(round(0.45 * 5, 1)).toBe(2.3);
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(3 - 2.7, 1)).toBe(0.3);
  });
});

describe('shipped catalogs', () => {
  const loaded = new Map<string, Catalog>();
  const load = (file: string): Catalog => {
    const cached = loaded.get(file);
    if (cached) return cached;
    const c = parseCatalog(parse(readFileSync(`frameworks/${file}`, 'utf8')), file);
    loaded.set(file, c);
    return c;
  };
  const bestAnswer = (q: Question): AnswerValue => {
    switch (q.type) {
      case 'yes_no':
        return 'yes';
      case 'maturity':
        return 5;
      case 'single_choice':
        return [...(q.choices ?? [])].sort((a, b) => b.score - a.score)[0]?.id ?? 'na';
      case 'multiple_choice':
        return (q.choices ?? []).map((c) => c.id);
      case 'number':
        return q.target ?? q.max ?? 0;
      case 'text':
        return 'documented';
    }
  };
  const allBest = (c: Catalog) =>
    new Map(
      [...walkRequirements(c.requirements)].flatMap(({ requirement }) =>
        requirement.questions.map((q) => [q.id, bestAnswer(q)] as const),
      ),
    );

  it("NIST CSF 2.0 answered all 'yes' (best answer to every question) → 100 % and all compliant", () => {
    const csf = load('nist-csf-2.0.yaml');
    const r = scoreAssessment(csf, allBest(csf));
    expect(r.requirements).toHaveLength(106);
    expect(r.requirements.every((x) => x.result === 'compliant' && x.complete)).toBe(true);
    expect(r.framework.compliance).toBe(100);
    expect(r.framework.score).toBe(1);
    expect(r.framework.maturity).toBe(5);
    expect(r.framework.gap).toBe(0);
    expect(r.framework.progress).toBe(1);
    expect(r.framework.counts.compliant).toBe(106);
    expect(r.nodes.filter((n) => n.depth === 0).map((n) => [n.id, n.compliance])).toEqual(
      ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'].map((id) => [id, 100]),
    );
  });

  it('NIST CSF 2.0 unanswered → every requirement not assessed, progress 0', () => {
    const csf = load('nist-csf-2.0.yaml');
    const r = scoreAssessment(csf, new Map());
    expect(r.framework.counts.not_assessed).toBe(106);
    expect(r.framework.progress).toBe(0);
  });

  it('ENS at BÁSICA keeps only the measures that apply at BÁSICA', () => {
    const ens = load('ens-2022.yaml');
    const r = scoreAssessment(ens, new Map(), { level: 'basica' });
    const byId = new Map([...walkRequirements(ens.requirements)].map((w) => [w.requirement.id, w.requirement]));
    const applies = (id: string) => byId.get(id)?.applicability?.includes('basica') ?? true;
    expect(r.requirements.length + r.outOfScope.length).toBe(
      [...walkRequirements(ens.requirements)].filter((w) => isAssessable(w.requirement)).length,
    );
    expect(r.outOfScope.length).toBeGreaterThan(0);
    expect(r.requirements.every((x) => applies(x.id))).toBe(true);
    expect(r.outOfScope.every((id) => !applies(id))).toBe(true);
  });
});

describe('compareRequirementIds', () => {
  it('compares digit runs as numbers, independent of locale', () => {
    const ids = ['A.5.10', 'A.5.9', 'A.10.1', 'A.5.1', 'GV.OC-02', 'GV.OC-01', 'op.acc.1', 'A.5', 'B'];
    expect([...ids].sort(compareRequirementIds)).toEqual([
      'A.5',
      'A.5.1',
      'A.5.9',
      'A.5.10',
      'A.10.1',
      'B',
      'GV.OC-01',
      'GV.OC-02',
      'op.acc.1',
    ]);
    expect(compareRequirementIds('x', 'x')).toBe(0);
  });
});
