import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/kernel/app-error.js';
import type { AnswerValue } from '../../../src/contexts/assessment/domain/answer.js';
import {
  answerWords,
  displayAnswer,
  maturityLabel,
  maturityLabels,
} from '../../../src/contexts/assessment/domain/answer-labels.js';
import { askStates, conditionMet, isAsked } from '../../../src/contexts/assessment/domain/asking.js';
import {
  DEFAULT_MATURITY_LABELS,
  type Catalog,
  type Question,
} from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import type { MappingSet } from '../../../src/contexts/assessment/domain/mapping.js';
import {
  equalRequirements,
  joinedFrameworks,
  mappingSetsFor,
  reachableFrameworks,
} from '../../../src/contexts/assessment/domain/mapping-graph.js';
import { findNamed, nameIndex, questionRef, refersTo } from '../../../src/contexts/assessment/domain/question-ref.js';
import { flattenQuestionnaire } from '../../../src/contexts/assessment/domain/questionnaire.js';
import { round, shownTo } from '../../../src/contexts/assessment/domain/rounding.js';
import { inScope, levelsFor, scopeFor } from '../../../src/contexts/assessment/domain/scope.js';
import { prepareCatalog, scoreAssessment } from '../../../src/contexts/assessment/domain/scoring.js';
import {
  ASSESSMENT_STATUSES,
  assertEditable,
  type AssessmentStatus,
  isSealed,
  nextStatus,
  statusAfterAnswer,
  type Transition,
  TRANSITIONS,
} from '../../../src/contexts/assessment/domain/status.js';

/** The error `run` throws (fails the test when it throws none). */
function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
}

const question = (q: Partial<Question> & Pick<Question, 'id' | 'type'>): Question => ({
  text: { en: `${q.id}?` },
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
const answers = (a: Record<string, AnswerValue>) => new Map(Object.entries(a));

describe('the status of an assessment', () => {
  const allowed: Record<Transition, AssessmentStatus[]> = {
    start: ['draft', 'in_review'],
    review: ['draft', 'in_progress'],
    finalize: ['in_review'],
    reopen: ['final'],
  };

  it('moves only along draft → in progress → in review → final, and back from final by reopening', () => {
    for (const transition of Object.keys(allowed) as Transition[]) {
      for (const status of ASSESSMENT_STATUSES) {
        if (allowed[transition].includes(status)) {
          expect(nextStatus('a1', status, transition)).toBe(TRANSITIONS[transition].to);
        } else {
          const error = thrown(() => nextStatus('a1', status, transition));
          expect(error.code).toBe('ASSESSMENT.BAD_TRANSITION');
          expect(error.kind).toBe('conflict');
          expect(error.message).toBe(
            `assessment a1 is ${status}; it cannot ${transition} (only from ${allowed[transition].join(' or ')})`,
          );
        }
      }
    }
    expect(nextStatus('a1', 'in_review', 'finalize')).toBe('final');
    expect(nextStatus('a1', 'final', 'reopen')).toBe('in_review');
  });

  it('takes the reopen permission only to reopen, and names each change for the audit trail', () => {
    expect(TRANSITIONS.reopen.permission).toBe('assessment.reopen');
    expect([TRANSITIONS.start, TRANSITIONS.review, TRANSITIONS.finalize].map((r) => r.permission)).toEqual([
      'assessment.write',
      'assessment.write',
      'assessment.write',
    ]);
    expect(Object.values(TRANSITIONS).map((r) => r.action)).toEqual([
      'assessment.started',
      'assessment.submitted_for_review',
      'assessment.finalized',
      'assessment.reopened',
    ]);
  });

  it('makes final assessments read-only, and only them', () => {
    for (const status of ASSESSMENT_STATUSES.filter((s) => s !== 'final')) {
      expect(() => assertEditable({ id: 'a1', status })).not.toThrow();
      expect(isSealed(status)).toBe(false);
    }
    const error = thrown(() => assertEditable({ id: 'a1', status: 'final' }));
    expect(error.code).toBe('ASSESSMENT.FINALIZED');
    expect(error.message).toBe('assessment a1 is final and sealed');
    expect(error.hint).toBe('an admin can reopen it with `renfe assessment reopen`');
    expect(isSealed('final')).toBe(true);
  });

  it('moves a draft to in progress with its first answer, and leaves other statuses alone', () => {
    expect(statusAfterAnswer('draft')).toBe('in_progress');
    expect(statusAfterAnswer('in_progress')).toBe('in_progress');
    expect(statusAfterAnswer('in_review')).toBe('in_review');
  });
});

describe('the mapping graph', () => {
  const ends = (id: string, source: string, target: string) => ({
    id,
    source: { framework: source },
    target: { framework: target },
  });
  // a — b — c — d — e, and x — y apart.
  const sets = [
    ends('ab', 'a', 'b'),
    ends('cb', 'c', 'b'),
    ends('cd', 'c', 'd'),
    ends('de', 'd', 'e'),
    ends('xy', 'x', 'y'),
  ];

  it('reaches frameworks through chains of at most three sets, both ways along each set', () => {
    expect(reachableFrameworks(['a'], sets)).toEqual(['b', 'c', 'd']);
    expect(reachableFrameworks(['a'], sets, 1)).toEqual(['b']);
    expect(reachableFrameworks(['e'], sets, 2)).toEqual(['c', 'd']);
    expect(reachableFrameworks(['a', 'x'], sets, 1)).toEqual(['b', 'y']);
    expect(reachableFrameworks(['q'], sets)).toEqual([]);
  });

  it('joins every framework some chain of any length reaches, the starting ones included', () => {
    expect([...joinedFrameworks(['a'], sets)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...joinedFrameworks(['y'], sets)].sort()).toEqual(['x', 'y']);
  });

  const set = (
    id: string,
    source: [string, string | null],
    target: [string, string | null],
    mappings: [string, string, 'equal' | 'subset'][],
  ): MappingSet => ({
    id,
    name: id,
    source: { framework: source[0], version: source[1] },
    target: { framework: target[0], version: target[1] },
    informative: false,
    author: null,
    description: null,
    mappings: mappings.map(([s, t, relationship]) => ({ source: s, target: t, relationship, rationale: null })),
  });

  it('applies a set to the framework versions it declares, or to every version when it declares none', () => {
    const v2022 = set('iso-nist', ['iso', '2022'], ['nist', null], [['A.1', 'PR.1', 'equal']]);
    const v2013 = set('iso13-nist', ['iso', '2013'], ['nist', null], [['A.1', 'PR.1', 'equal']]);
    const versions = new Map([['iso', '2022+r18']]);
    expect(mappingSetsFor([v2022, v2013], versions).map((s) => s.id)).toEqual(['iso-nist']);
    expect(mappingSetsFor([v2022, v2013], new Map()).map((s) => s.id)).toEqual(['iso-nist', 'iso13-nist']);
  });

  it('carries requirements between two versions of one framework through equal links only', () => {
    const upgrade = set(
      'iso-13-22',
      ['iso', '2013'],
      ['iso', '2022'],
      [
        ['A.5.1.1', 'A.5.1', 'equal'],
        ['A.6.1.1', 'A.5.2', 'subset'],
      ],
    );
    const other = set('iso-13-nist', ['iso', '2013'], ['nist', '2.0'], [['A.5.1.1', 'GV.1', 'equal']]);
    expect([...equalRequirements([upgrade, other], 'iso', '2013', '2022')]).toEqual([['A.5.1.1', 'A.5.1']]);
    expect(equalRequirements([upgrade], 'iso', '2022', '2013').size).toBe(0);
  });
});

describe('answer labels', () => {
  const yn = question({ id: 'Q1', type: 'yes_no' });
  const maturity = question({ id: 'M1', type: 'maturity' });
  const own = question({
    id: 'M2',
    type: 'maturity',
    levels: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'].map((x) => ({ en: `own ${x}` })),
  });

  it('words yes/no answers and N/A in English and Spanish, English for other languages', () => {
    expect(['yes', 'partial', 'no', 'na'].map((v) => displayAnswer(yn, v, 'en', 'en'))).toEqual([
      'Yes',
      'Partially',
      'No',
      'Not applicable',
    ]);
    expect(['yes', 'partial', 'no', 'na'].map((v) => displayAnswer(yn, v, 'es', 'en'))).toEqual([
      'Sí',
      'Parcialmente',
      'No',
      'No aplica',
    ]);
    expect(answerWords('fr')).toEqual(answerWords('en'));
    expect(displayAnswer(maturity, 'na', 'es', 'en')).toBe('No aplica');
  });

  it('labels maturity levels with the question own labels or the default ones, in the language asked', () => {
    expect(maturityLabels(maturity)).toBe(DEFAULT_MATURITY_LABELS);
    expect(displayAnswer(maturity, 3, 'en', 'en')).toBe('3 · Defined');
    expect(displayAnswer(maturity, 3, 'es', 'en')).toBe('3 · Definido');
    expect(maturityLabel(own, 4, 'es', 'en')).toBe('4 · own n4');
  });

  it('shows choices by label, numbers with their unit, and text as it is', () => {
    const choice = question({
      id: 'C1',
      type: 'multiple_choice',
      choices: [
        { id: 'mfa', label: { en: 'MFA', es: 'MFA (es)' }, score: 0.5 },
        { id: 'sso', label: { en: 'SSO' }, score: 0.5 },
      ],
    });
    expect(displayAnswer(choice, ['mfa', 'sso'], 'es', 'en')).toBe('MFA (es), SSO');
    expect(displayAnswer(question({ id: 'N1', type: 'number', unit: { en: 'days' } }), 30, 'en', 'en')).toBe('30 days');
    expect(displayAnswer(question({ id: 'T1', type: 'text' }), 'we do', 'en', 'en')).toBe('we do');
  });
});

describe('whether a question is asked', () => {
  const q1 = question({ id: 'Q1', type: 'yes_no' });
  const q2 = question({ id: 'Q2', type: 'yes_no', when: { question: 'Q1', in: ['yes'] } });
  const q3 = question({ id: 'Q3', type: 'yes_no', when: { question: 'Q2', in: ['yes', 'partial'] } });
  const orphan = question({ id: 'Q4', type: 'yes_no', when: { question: 'gone', in: ['yes'] } });
  const loopA = question({ id: 'LA', type: 'yes_no', when: { question: 'LB', in: ['yes'] } });
  const loopB = question({ id: 'LB', type: 'yes_no', when: { question: 'LA', in: ['yes'] } });
  const index = new Map([q1, q2, q3, orphan, loopA, loopB].map((q) => [q.id, q]));

  it('is pending while the answer it depends on is missing, along the whole chain', () => {
    const state = askStates(answers({}), index);
    expect([q1, q2, q3].map(state)).toEqual(['asked', 'pending', 'pending']);
    const half = askStates(answers({ Q1: 'yes' }), index);
    expect([q1, q2, q3].map(half)).toEqual(['asked', 'asked', 'pending']);
  });

  it('is not asked when the condition fails anywhere up the chain', () => {
    const stale = askStates(answers({ Q1: 'no', Q2: 'yes' }), index);
    expect([q2, q3].map(stale)).toEqual(['not_asked', 'not_asked']);
    expect(askStates(answers({ Q1: 'yes', Q2: 'partial' }), index)(q3)).toBe('asked');
  });

  it('is never asked after a question that does not exist, or in a cycle of conditions', () => {
    const state = askStates(answers({ gone: 'yes', LA: 'yes', LB: 'yes' }), index);
    expect([orphan, loopA, loopB].map(state)).toEqual(['not_asked', 'not_asked', 'not_asked']);
  });

  it('reads only the question own condition without the catalog index', () => {
    expect(askStates(answers({ Q1: 'no', Q2: 'yes' }))(q3)).toBe('asked');
    expect(isAsked(q3, answers({ Q1: 'no', Q2: 'yes' }))).toBe(true);
    expect(isAsked(q3, answers({ Q1: 'no', Q2: 'yes' }), index)).toBe(false);
  });

  it('compares numbers as text and multiple choices by any chosen id', () => {
    expect(conditionMet(['4', '5'], 4)).toBe(true);
    expect(conditionMet(new Set(['4', '5']), 3)).toBe(false);
    expect(conditionMet(['c'], ['a', 'c'])).toBe(true);
  });

  it('is the rule scoring and the questionnaire both apply', () => {
    const catalog = parseCatalog(
      {
        id: 'x',
        version: '1',
        name: 'X',
        requirements: [
          {
            id: 'R1',
            title: 'R1',
            questions: [
              { id: 'R1.Q1', type: 'yes_no', text: 'Q1?' },
              { id: 'R1.Q2', type: 'yes_no', text: 'Q2?', when: { question: 'R1.Q1', in: ['yes'] } },
            ],
          },
          {
            id: 'R2',
            title: 'R2',
            questions: [{ id: 'R2.Q1', type: 'yes_no', text: 'Q3?', when: { question: 'R1.Q2', in: ['no'] } }],
          },
        ],
      },
      'x.yaml',
    );
    const { questionsById } = prepareCatalog(catalog);
    for (const given of [{}, { 'R1.Q1': 'yes' }, { 'R1.Q1': 'no' }, { 'R1.Q1': 'yes', 'R1.Q2': 'no' }]) {
      const a = answers(given);
      const state = askStates(a, questionsById);
      const scored = scoreAssessment(catalog, a).requirements.flatMap((r) => r.questions);
      for (const item of flattenQuestionnaire('x', catalog, {})) {
        const status = scored.find((q) => q.id === item.question.id)?.status;
        expect(status === 'not_asked', `${item.question.id} with ${JSON.stringify(given)}`).toBe(
          state(item.question) !== 'asked',
        );
      }
    }
  });
});

describe('the scope of an assessment', () => {
  const catalog: Catalog = parseCatalog(
    {
      id: 'x',
      version: '1',
      name: 'X',
      levels: [
        { id: 'low', name: 'Low' },
        { id: 'high', name: 'High' },
      ],
      dimensions: [
        { id: 'C', name: 'Confidentiality' },
        { id: 'I', name: 'Integrity' },
      ],
      requirements: [
        {
          id: 'd1',
          title: 'D1',
          children: [
            { id: 'r1', title: 'R1', questions: [{ id: 'r1.Q1', type: 'yes_no', text: 'Q?' }] },
            {
              id: 'r2',
              title: 'R2',
              applicability: ['high'],
              questions: [{ id: 'r2.Q1', type: 'yes_no', text: 'Q?' }],
              children: [{ id: 'r2.1', title: 'R2.1', questions: [{ id: 'r21.Q1', type: 'yes_no', text: 'Q?' }] }],
            },
            {
              id: 'r3',
              title: 'R3',
              applicability: ['high'],
              dimensions: ['I'],
              questions: [{ id: 'r3.Q1', type: 'yes_no', text: 'Q?' }],
            },
          ],
        },
        { id: 'd2', title: 'D2', questions: [{ id: 'd2.Q1', type: 'yes_no', text: 'Q?' }] },
        { id: 'opt', title: 'Optional', optional: true, questions: [{ id: 'opt.Q1', type: 'yes_no', text: 'Q?' }] },
      ],
    },
    'x.yaml',
  );
  const order = ['low', 'high'];

  it('reads a level only against a catalog with levels, and dimension levels only against one with dimensions', () => {
    const scope = { level: 'high', dimensions: { C: 'low', I: 'high' } };
    expect(levelsFor(catalog, scope)).toEqual(scope);
    expect(levelsFor({ levels: [], dimensions: undefined }, scope)).toEqual({});
    expect(levelsFor({ ...catalog, dimensions: [] }, scope)).toEqual({ level: 'high' });
  });

  it('leaves optional domains out unless they are named', () => {
    expect(scopeFor(catalog, {})).toEqual({ domains: ['d1', 'd2'] });
    expect(scopeFor(catalog, { domains: ['opt', 'other'] })).toEqual({ domains: ['opt'] });
  });

  it('takes a requirement that names dimensions by their highest level, else by the category', () => {
    const r3 = catalog.requirements[0]?.children[2];
    if (!r3) throw new Error('no r3');
    expect(inScope('d1', r3, { level: 'high', dimensions: { C: 'high', I: 'low' } }, order)).toBe(false);
    expect(inScope('d1', r3, { level: 'low', dimensions: { C: 'low', I: 'high' } }, order)).toBe(true);
    expect(inScope('d1', r3, { level: 'high' }, order)).toBe(true);
    expect(inScope('d1', r3, { domains: ['d2'], level: 'high' }, order)).toBe(false);
  });

  it('is the same for the questionnaire and for scoring, children following their parent out', () => {
    const scopes = [
      {},
      { level: 'low' },
      { level: 'high' },
      { level: 'high', dimensions: { C: 'high', I: 'low' } },
      { domains: ['d2', 'opt'], level: 'low' },
    ];
    for (const given of scopes) {
      const scope = scopeFor(catalog, given);
      const asked = new Set(flattenQuestionnaire('x', catalog, given).map((i) => i.requirement.id));
      const scored = scoreAssessment(catalog, new Map(), {
        ...(scope.level ? { level: scope.level } : {}),
        ...(scope.dimensions ? { dimensions: scope.dimensions } : {}),
        ...(scope.domains ? { scopeDomains: scope.domains } : {}),
      });
      expect(new Set(scored.requirements.map((r) => r.id)), JSON.stringify(given)).toEqual(asked);
    }
    expect([...new Set(flattenQuestionnaire('x', catalog, { level: 'low' }).map((i) => i.requirement.id))]).toEqual([
      'r1',
      'd2',
    ]);
  });
});

describe('rounding', () => {
  it('rounds half away from zero on the decimal meant, not the binary stored', () => {
    expect(round(2.25)).toBe(2.3);
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(-2.25)).toBe(-2.3);
    expect(round(0.5125, 3)).toBe(0.513);
    expect(round(2.75, 0)).toBe(3);
  });

  it('trims shown figures as toFixed does, passing null through', () => {
    expect(shownTo(0.5125, 3)).toBe(0.512);
    expect(shownTo(66.66666, 1)).toBe(66.7);
    expect(shownTo(null, 3)).toBeNull();
  });
});

describe('question references', () => {
  const items = [
    { frameworkKey: 'iso27001-2022', questionId: 'A.5.1.Q1' },
    { frameworkKey: 'nist-csf-2.0', questionId: 'GV.OC-01.Q1' },
    { frameworkKey: 'iso27001-2013', questionId: 'A.5.1.Q1' },
  ];
  const self = (x: (typeof items)[number]) => x;

  it('names a question by id or by framework and id', () => {
    expect(questionRef('iso27001-2022', 'A.5.1.Q1')).toBe('iso27001-2022:A.5.1.Q1');
    const [iso] = items;
    if (!iso) throw new Error('no item');
    expect(refersTo(iso, 'A.5.1.Q1')).toBe(true);
    expect(refersTo(iso, 'iso27001-2022:A.5.1.Q1')).toBe(true);
    expect(refersTo(iso, 'iso27001-2013:A.5.1.Q1')).toBe(false);
    expect(refersTo(iso, 'A.5.1')).toBe(false);
  });

  it('finds the one question a reference names, the same with the index and without', () => {
    const find = nameIndex(items, self);
    for (const ref of ['GV.OC-01.Q1', 'nist-csf-2.0:GV.OC-01.Q1', 'iso27001-2013:A.5.1.Q1']) {
      expect(find(ref)).toBe(findNamed(items, self, ref));
    }
    expect(find('iso27001-2013:A.5.1.Q1')).toBe(items[2]);
  });

  it('refuses a reference that names no question, or a shared id without its framework', () => {
    const find = nameIndex(items, self);
    const none = thrown(() => find('Z.9'));
    expect([none.code, none.message, none.hint]).toEqual([
      'QUESTION.NOT_FOUND',
      'no question Z.9 in this assessment',
      'see `renfe assessment show <id> --questions`',
    ]);
    const several = thrown(() => findNamed(items, self, 'A.5.1.Q1'));
    expect([several.code, several.message, several.hint]).toEqual([
      'QUESTION.AMBIGUOUS',
      'question A.5.1.Q1 exists in several frameworks',
      'write it as <framework>:A.5.1.Q1',
    ]);
  });
});
