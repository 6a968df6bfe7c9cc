import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../src/contexts/assessment/domain/answer.js';
import type { CatalogInput } from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import {
  DEFAULT_SEVERITY_THRESHOLDS,
  deriveFindings,
  severityOf,
  severityScoreOf,
} from '../../../src/contexts/assessment/domain/findings.js';
import { scoreAssessment } from '../../../src/contexts/assessment/domain/scoring.js';

const yn = (id: string, weight = 1) => ({
  id,
  type: 'yes_no' as const,
  text: { en: `Is ${id} in place?`, es: `¿Está ${id} implantado?` },
  weight,
});

const requirements: CatalogInput['requirements'] = [
  {
    id: 'A',
    title: 'Domain A',
    children: [
      {
        id: 'A.5.9',
        title: { en: 'Inventory', es: 'Inventario' },
        description: { en: 'Assets are listed with owners.', es: 'Los activos se inventarían con propietario.' },
        questions: [yn('A.5.9.Q1')],
      },
      {
        id: 'A.5.10',
        title: { en: 'Acceptable use', es: 'Uso aceptable' },
        questions: [{ ...yn('A.5.10.Q1'), guidance: { en: 'Rules are signed by every user.' } }],
      },
      {
        id: 'A.5.11',
        title: { en: 'Return of assets', es: 'Devolución de activos' },
        recommendation: { en: 'Add asset return to the leavers checklist.', es: 'Incluya la devolución en la baja.' },
        weight: 3,
        questions: [
          yn('A.5.11.Q1', 1),
          { ...yn('A.5.11.Q2', 2), evidence: { en: 'Signed return forms.', es: 'Formularios firmados.' } },
          yn('A.5.11.Q3'),
        ],
      },
      { id: 'A.5.12', title: { en: 'Classification', es: 'Clasificación' }, questions: [yn('A.5.12.Q1')] },
      { id: 'A.5.13', title: { en: 'Labelling', es: 'Etiquetado' }, questions: [yn('A.5.13.Q1')] },
      {
        id: 'A.5.14',
        title: { en: 'Transfer', es: 'Transferencia' },
        questions: [{ id: 'A.5.14.Q1', type: 'maturity', text: { en: 'How mature?', es: '¿Madurez?' } }],
      },
    ],
  },
];
const catalog = parseCatalog(
  { id: 'iso-test', version: '1', name: 'ISO test', languages: ['en', 'es'], requirements },
  'iso-test.yaml',
);

const findingsFor = (answers: Record<string, AnswerValue>, options = {}) =>
  deriveFindings(catalog, scoreAssessment(catalog, new Map(Object.entries(answers))), options);

describe('deriveFindings', () => {
  const answers: Record<string, AnswerValue> = {
    'A.5.9.Q1': 'no',
    'A.5.10.Q1': 'no',
    'A.5.11.Q1': 'yes',
    'A.5.11.Q2': 'partial',
    'A.5.12.Q1': 'yes',
    'A.5.13.Q1': 'na',
    'A.5.14.Q1': 4,
  };

  it('makes a finding of every partially or non-compliant requirement, none of compliant, n/a or unassessed', () => {
    const findings = findingsFor(answers);
    expect(findings.map((f) => f.requirementId).sort()).toEqual(['A.5.10', 'A.5.11', 'A.5.14', 'A.5.9']);
    expect(findingsFor({})).toEqual([]);
  });

  it('severity score = requirement weight × heaviest shortfall question weight × (1 − score)', () => {
    const findings = findingsFor(answers);
    const a511 = findings.find((f) => f.requirementId === 'A.5.11');
    // score: (1 × 1 + 2 × 0.5) / 3 = 2/3 (Q3 unanswered) → 3 × 2 × 1/3 = 2
    expect(a511?.score).toBeCloseTo(2 / 3, 12);
    expect(a511?.severityScore).toBe(2);
    expect(a511?.severity).toBe('critical');
    expect(a511?.shortfalls.map((q) => q.id)).toEqual(['A.5.11.Q2']);
    expect(a511?.unanswered.map((q) => q.id)).toEqual(['A.5.11.Q3']);
    const a514 = findings.find((f) => f.requirementId === 'A.5.14');
    expect([a514?.severityScore, a514?.severity, a514?.maturity, a514?.gap]).toEqual([0.2, 'low', 4, 0]);
    const a59 = findings.find((f) => f.requirementId === 'A.5.9');
    expect([a59?.severityScore, a59?.severity, a59?.gap]).toEqual([1, 'high', 3]);
  });

  it('orders by severity, then by id with numbers compared as numbers', () => {
    expect(findingsFor(answers).map((f) => [f.requirementId, f.severity])).toEqual([
      ['A.5.11', 'critical'],
      ['A.5.9', 'high'],
      ['A.5.10', 'high'],
      ['A.5.14', 'low'],
    ]);
  });

  it('thresholds: critical from 2, high from 1, medium from 0.5, low below; they can be changed', () => {
    expect([2, 1.99, 1, 0.99, 0.5, 0.49, 0.01].map((s) => severityOf(s))).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
    expect(DEFAULT_SEVERITY_THRESHOLDS).toEqual({ critical: 2, high: 1, medium: 0.5 });
    const strict = findingsFor(answers, { thresholds: { critical: 1, high: 0.5, medium: 0.1 } });
    expect(strict.map((f) => f.severity)).toEqual(['critical', 'critical', 'critical', 'medium']);
    expect(severityScoreOf(2, 3, 1 / 3)).toBe(4);
  });

  it("writes the requirement's own recommendation, the evidence to keep and what is still unanswered, never question ids", () => {
    const a511 = findingsFor(answers).find((f) => f.requirementId === 'A.5.11');
    expect(a511?.title).toBe('Return of assets');
    expect(a511?.recommendation).toBe(
      'Add asset return to the leavers checklist. Keep as evidence: Signed return forms. ' +
        '1 question of this requirement is still to be answered.',
    );
    expect(findingsFor(answers, { lang: 'es' }).find((f) => f.requirementId === 'A.5.11')?.recommendation).toBe(
      'Incluya la devolución en la baja. Conserve como evidencia: Formularios firmados. ' +
        'Queda 1 pregunta de este requisito por responder.',
    );
    for (const f of findingsFor(answers)) expect(f.recommendation).not.toMatch(/\.Q\d/);
  });

  it("falls back to the requirement's statement, then the guidance, then its title", () => {
    const es = findingsFor(answers, { lang: 'es' });
    expect(es.find((f) => f.requirementId === 'A.5.9')?.title).toBe('Inventario');
    expect(es.find((f) => f.requirementId === 'A.5.9')?.recommendation).toBe(
      'Implante lo que pide «Inventario»: Los activos se inventarían con propietario.',
    );
    const en = findingsFor(answers);
    expect(en.find((f) => f.requirementId === 'A.5.10')?.recommendation).toBe(
      'What good looks like: Rules are signed by every user.',
    );
    expect(en.find((f) => f.requirementId === 'A.5.14')?.recommendation).toBe(
      'Put "Transfer" in place, document how it is done and give it an owner.',
    );
  });

  it('carries the scoring figures and domain', () => {
    const a59 = findingsFor(answers).find((f) => f.requirementId === 'A.5.9');
    expect(a59).toMatchObject({ domain: 'A', result: 'non_compliant', score: 0, maturity: 0, weight: 1 });
  });

  it('refuses a score result of another framework', () => {
    const other = parseCatalog({ id: 'other', version: '1', name: 'Other', requirements }, 'other.yaml');
    const scored = scoreAssessment(other, new Map());
    expect(() => deriveFindings(catalog, scored)).toThrow(/got iso-test, scored other/);
  });
});
