import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AnswerValue } from './answer.js';
import { NOT_APPLICABLE } from './answer.js';
import { askStates } from './asking.js';
import type { Catalog, Question, Requirement } from './catalog.js';
import { isAssessable } from './catalog.js';
import { round } from './rounding.js';
import { inScope, levelsFor, type QuestionnaireScope } from './scope.js';

export { isAsked } from './asking.js';
export { round } from './rounding.js';

/**
 * Scoring: per question, per requirement, rolled up per domain/category and
 * per framework. Pure and synchronous; the rules are written out, with worked
 * examples, in docs/scoring.md (and tests/contexts/assessment/scoring-examples.test.ts
 * checks every number there).
 */

export const REQUIREMENT_RESULTS = [
  'compliant',
  'partially_compliant',
  'non_compliant',
  'not_applicable',
  'not_assessed',
] as const;
export type RequirementResult = (typeof REQUIREMENT_RESULTS)[number];
export type ResultCounts = Record<RequirementResult, number>;

/** A requirement scoring at least this is compliant (absorbs floating-point noise). */
export const COMPLIANT_THRESHOLD = 0.999;
export const DEFAULT_TARGET_LEVEL = 3;
export const DEFAULT_PARTIAL_CREDIT = 0.5;

/**
 * How one question stands in an assessment:
 * - not_asked: its `when` condition is not met (or not yet decidable); excluded from everything
 * - unanswered: asked, no answer yet
 * - not_applicable: answered 'na'
 * - unscored: answered, but the answer carries no score (text; a number without target or range)
 * - scored: answered with a score in 0..1
 */
export type QuestionStatus = 'not_asked' | 'unanswered' | 'not_applicable' | 'unscored' | 'scored';

export interface QuestionScore {
  readonly id: string;
  readonly weight: number;
  readonly status: QuestionStatus;
  /** 0..1 when status is 'scored', else null. */
  readonly score: number | null;
}

export interface RequirementScore {
  readonly id: string;
  /** The top-level requirement (domain) this one sits under; its own id at the top level. */
  readonly domain: string;
  readonly parent: string | null;
  readonly result: RequirementResult;
  /** Weighted mean (by question weight) of the scored questions; null when none is scored. */
  readonly score: number | null;
  /** round(score × 5, 1 decimal); null when score is null. */
  readonly maturity: number | null;
  /** max(0, targetLevel − maturity), 1 decimal; null when maturity is null. */
  readonly gap: number | null;
  readonly weight: number;
  /** Asked questions (conditional questions whose condition is not met are not asked). */
  readonly asked: number;
  /** Asked questions that have an answer (N/A included). */
  readonly answered: number;
  /** Answered questions that carry a score. */
  readonly scored: number;
  /** Every asked question is answered. */
  readonly complete: boolean;
  readonly questions: readonly QuestionScore[];
}

export interface Rollup {
  /** Weighted mean (by requirement weight) of the scored requirements' scores; null when none. */
  readonly score: number | null;
  readonly maturity: number | null;
  readonly gap: number | null;
  /** CSET-style percentage 0..100 over the scored questions; null when none is scored. */
  readonly compliance: number | null;
  /** answered / asked questions, 0..1 (1 when nothing is asked). */
  readonly progress: number;
  /** In-scope assessable requirements. */
  readonly requirements: number;
  readonly counts: ResultCounts;
  readonly asked: number;
  readonly answered: number;
  readonly scored: number;
}

export interface NodeScore extends Rollup {
  readonly id: string;
  readonly parent: string | null;
  /** 0 for domains (top-level requirements). */
  readonly depth: number;
}

export interface FrameworkScore extends Rollup {
  readonly id: string;
  readonly version: string;
}

export interface ScoreOptions {
  /** Applicability level (e.g. ENS 'media'): requirements whose applicability omits it are out of scope. */
  readonly level?: string | undefined;
  /**
   * The system's level per security dimension (ENS C, I, T, A, D); read for
   * requirements that name dimensions, when the catalog declares dimensions.
   */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
  /** Top-level requirement ids to include; the others are out of scope. Undefined or empty: all. */
  readonly scopeDomains?: readonly string[] | undefined;
  /** Maturity target 0..5 for the gap; default 3. */
  readonly targetLevel?: number | undefined;
  /** What a yes/no 'partial' counts for in the compliance percentage, 0..1; default 0.5. */
  readonly partialCredit?: number | undefined;
  /**
   * Requirements the Statement of Applicability excludes: scored as if every
   * question asked were answered n/a (not applicable, so never a gap or a finding).
   */
  readonly excluded?: ReadonlySet<string> | undefined;
}

export interface ScoreResult {
  readonly framework: FrameworkScore;
  /** In-scope assessable requirements, in catalog order. */
  readonly requirements: readonly RequirementScore[];
  /** In-scope requirements with children (domains, categories), catalog order (pre-order). */
  readonly nodes: readonly NodeScore[];
  /** Assessable requirements left out by level or domain scope. */
  readonly outOfScope: readonly string[];
  readonly options: {
    readonly level: string | null;
    readonly scopeDomains: readonly string[] | null;
    readonly targetLevel: number;
    readonly partialCredit: number;
  };
}

export interface PreparedNode {
  readonly requirement: Requirement;
  readonly parent: number;
  readonly depth: number;
  readonly domain: string;
  readonly assessable: boolean;
  readonly hasChildren: boolean;
  /** Node indexes whose roll-up this requirement feeds: itself if it has children, then its ancestors. */
  readonly rollupInto: readonly number[];
  /** Range of this node's questions in `PreparedCatalog.questions`. */
  readonly questionStart: number;
  readonly questionEnd: number;
}

export interface PreparedQuestion {
  readonly question: Question;
}

/**
 * A catalog indexed once for scoring. `prepareCatalog` caches by catalog
 * object, so passing the same (immutable) catalog again costs nothing.
 */
export interface PreparedCatalog {
  readonly catalog: Catalog;
  readonly questionsById: ReadonlyMap<string, Question>;
  readonly requirementsById: ReadonlyMap<string, Requirement>;
  /** Question id → id of the requirement that holds it. */
  readonly requirementOfQuestion: ReadonlyMap<string, string>;
  readonly nodes: readonly PreparedNode[];
  readonly questions: readonly PreparedQuestion[];
}

const prepared = new WeakMap<Catalog, PreparedCatalog>();

export function prepareCatalog(catalog: Catalog): PreparedCatalog {
  const cached = prepared.get(catalog);
  if (cached) return cached;
  const nodes: PreparedNode[] = [];
  const flat: Question[] = [];
  const questionsById = new Map<string, Question>();
  const requirementsById = new Map<string, Requirement>();
  const requirementOfQuestion = new Map<string, string>();

  const visit = (requirement: Requirement, parent: number, depth: number, domain: string, ancestors: number[]) => {
    const index = nodes.length;
    const hasChildren = requirement.children.length > 0;
    const questionStart = flat.length;
    for (const q of requirement.questions) {
      if (!questionsById.has(q.id)) {
        questionsById.set(q.id, q);
        requirementOfQuestion.set(q.id, requirement.id);
      }
      flat.push(q);
    }
    if (!requirementsById.has(requirement.id)) requirementsById.set(requirement.id, requirement);
    nodes.push({
      requirement,
      parent,
      depth,
      domain,
      assessable: isAssessable(requirement),
      hasChildren,
      rollupInto: hasChildren ? [index, ...ancestors] : ancestors,
      questionStart,
      questionEnd: flat.length,
    });
    const childAncestors = [index, ...ancestors];
    for (const child of requirement.children) visit(child, index, depth + 1, domain, childAncestors);
  };
  for (const top of catalog.requirements) visit(top, -1, 0, top.id, []);

  const questions: PreparedQuestion[] = flat.map((question) => ({ question }));
  const result: PreparedCatalog = {
    catalog,
    questionsById,
    requirementsById,
    requirementOfQuestion,
    nodes,
    questions,
  };
  prepared.set(catalog, result);
  return result;
}

function isPrepared(c: Catalog | PreparedCatalog): c is PreparedCatalog {
  return 'questionsById' in c;
}

function toNumber(value: AnswerValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * The score of one answer, 0..1, or null when the answer is N/A, carries no
 * score (text; a number with neither target nor min/max range) or does not
 * fit the question.
 */
export function questionScore(question: Question, value: AnswerValue): number | null {
  if (value === NOT_APPLICABLE) return null;
  switch (question.type) {
    case 'yes_no':
      return value === 'yes' ? 1 : value === 'partial' ? 0.5 : value === 'no' ? 0 : null;
    case 'maturity': {
      const level = toNumber(value);
      return level === null || level < 0 || level > 5 ? null : level / 5;
    }
    case 'single_choice': {
      if (typeof value !== 'string') return null;
      const choice = question.choices?.find((c) => c.id === value);
      return choice ? choice.score : null;
    }
    case 'multiple_choice': {
      const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
      if (!ids) return null;
      let sum = 0;
      for (const id of ids) {
        const choice = question.choices?.find((c) => c.id === id);
        if (!choice) return null;
        sum += choice.score;
      }
      return Math.min(sum, 1);
    }
    case 'number': {
      const n = toNumber(value);
      if (n === null) return null;
      if (question.target !== null && question.target > 0) return clamp01(n / question.target);
      if (question.min !== null && question.max !== null && question.max > question.min) {
        return clamp01((n - question.min) / (question.max - question.min));
      }
      return null;
    }
    case 'text':
      return null;
  }
}

function emptyCounts(): ResultCounts {
  return { compliant: 0, partially_compliant: 0, non_compliant: 0, not_applicable: 0, not_assessed: 0 };
}

interface Accumulator {
  weightedScore: number;
  weight: number;
  complianceSum: number;
  complianceCount: number;
  asked: number;
  answered: number;
  scored: number;
  requirements: number;
  counts: ResultCounts;
}

function accumulator(): Accumulator {
  return {
    weightedScore: 0,
    weight: 0,
    complianceSum: 0,
    complianceCount: 0,
    asked: 0,
    answered: 0,
    scored: 0,
    requirements: 0,
    counts: emptyCounts(),
  };
}

interface Tally {
  readonly result: RequirementResult;
  readonly asked: number;
  readonly answered: number;
  readonly scored: number;
  readonly complianceSum: number;
  readonly score: number | null;
  readonly weight: number;
}

function addTally(acc: Accumulator, t: Tally): void {
  acc.requirements++;
  acc.counts[t.result]++;
  acc.asked += t.asked;
  acc.answered += t.answered;
  acc.scored += t.scored;
  acc.complianceSum += t.complianceSum;
  acc.complianceCount += t.scored;
  if (t.score !== null) {
    acc.weightedScore += t.weight * t.score;
    acc.weight += t.weight;
  }
}

/**
 * Orders requirement ids the way people read them: runs of digits compare as
 * numbers (A.5.9 before A.5.10), the rest by UTF-16 code unit, so the order
 * never depends on the machine's locale.
 */
export function compareRequirementIds(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const xs = a.match(re) ?? [];
  const ys = b.match(re) ?? [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    const xd = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yd = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xd && yd) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length < 0 ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (xs.length !== ys.length) return xs.length < ys.length ? -1 : 1;
  return 0;
}

export function maturityOf(score: number | null): number | null {
  return score === null ? null : round(score * 5, 1);
}

export function gapOf(maturity: number | null, targetLevel: number): number | null {
  return maturity === null ? null : round(Math.max(0, targetLevel - maturity), 1);
}

/** The result of a requirement from its question tallies (see docs/scoring.md). */
export function requirementResult(t: {
  asked: number;
  answered: number;
  notApplicable: number;
  score: number | null;
  pending?: boolean;
}): RequirementResult {
  if (t.asked === 0) return t.pending ? 'not_assessed' : 'not_applicable';
  if (t.notApplicable === t.asked) return 'not_applicable';
  if (t.score === null) return 'not_assessed';
  if (t.score >= COMPLIANT_THRESHOLD) return 'compliant';
  if (t.score <= 0) return 'non_compliant';
  return 'partially_compliant';
}

function rollup(acc: Accumulator, targetLevel: number): Rollup {
  const score = acc.weight > 0 ? acc.weightedScore / acc.weight : null;
  const maturity = maturityOf(score);
  return {
    score,
    maturity,
    gap: gapOf(maturity, targetLevel),
    compliance: acc.complianceCount > 0 ? (acc.complianceSum / acc.complianceCount) * 100 : null,
    progress: acc.asked > 0 ? acc.answered / acc.asked : 1,
    requirements: acc.requirements,
    counts: acc.counts,
    asked: acc.asked,
    answered: acc.answered,
    scored: acc.scored,
  };
}

function checkOptions(p: PreparedCatalog, options: ScoreOptions) {
  const targetLevel = options.targetLevel ?? DEFAULT_TARGET_LEVEL;
  if (!Number.isFinite(targetLevel) || targetLevel < 0 || targetLevel > 5) {
    throw ASSESSMENT_ERRORS.targetLevel({ value: targetLevel });
  }
  const partialCredit = options.partialCredit ?? DEFAULT_PARTIAL_CREDIT;
  if (!Number.isFinite(partialCredit) || partialCredit < 0 || partialCredit > 1) {
    throw ASSESSMENT_ERRORS.partialCredit({ value: partialCredit });
  }
  const levels = p.catalog.levels.map((l) => l.id);
  // A level only filters a catalog that declares levels (one assessment may
  // pass its ENS category to every framework it covers), dimension levels
  // only one that declares dimensions.
  const read = levelsFor(p.catalog, options);
  const level = read.level ?? null;
  if (level !== null && !levels.includes(level)) {
    throw ASSESSMENT_ERRORS.unknownLevel({ framework: p.catalog.id, level, levels: levels.join(', ') });
  }
  const scopeDomains = options.scopeDomains && options.scopeDomains.length > 0 ? [...options.scopeDomains] : null;
  if (scopeDomains) {
    const tops = new Set(p.catalog.requirements.map((r) => r.id));
    const unknown = scopeDomains.filter((d) => !tops.has(d));
    if (unknown.length > 0) {
      throw ASSESSMENT_ERRORS.unknownDomain({
        framework: p.catalog.id,
        domains: unknown.map((d) => `"${d}"`).join(', '),
        known: [...tops].join(', '),
      });
    }
  }
  return { targetLevel, partialCredit, level, dimensions: read.dimensions, scopeDomains };
}

/**
 * Scores one framework of an assessment. `catalog` may be a catalog or the
 * result of `prepareCatalog` (the catalog is prepared, and cached, if not).
 */
export function scoreAssessment(
  catalog: Catalog | PreparedCatalog,
  answers: ReadonlyMap<string, AnswerValue>,
  options: ScoreOptions = {},
): ScoreResult {
  const p = isPrepared(catalog) ? catalog : prepareCatalog(catalog);
  const { targetLevel, partialCredit, level, dimensions, scopeDomains } = checkOptions(p, options);
  const levelOrder = p.catalog.levels.map((l) => l.id);
  const scope: QuestionnaireScope = {
    ...(scopeDomains ? { domains: scopeDomains } : {}),
    ...(level !== null ? { level } : {}),
    ...(dimensions ? { dimensions } : {}),
  };

  const qs = p.questions;
  const askState = askStates(answers, p.questionsById);

  const nodeCount = p.nodes.length;
  const scopedNodes = new Uint8Array(nodeCount);
  const accs: (Accumulator | null)[] = new Array<Accumulator | null>(nodeCount).fill(null);
  const total = accumulator();
  const requirements: RequirementScore[] = [];
  const outOfScope: string[] = [];

  for (let i = 0; i < nodeCount; i++) {
    const node = p.nodes[i] as PreparedNode;
    const r = node.requirement;
    // A requirement out of scope takes its children out with it.
    const scoped = (node.parent < 0 || scopedNodes[node.parent] === 1) && inScope(node.domain, r, scope, levelOrder);
    scopedNodes[i] = scoped ? 1 : 0;
    if (!node.assessable) continue;
    if (!scoped) {
      outOfScope.push(r.id);
      continue;
    }

    let asked = 0;
    let answered = 0;
    let scored = 0;
    let notApplicable = 0;
    let pending = false;
    let weightedScore = 0;
    let weight = 0;
    let complianceSum = 0;
    const questions: QuestionScore[] = [];
    const excluded = options.excluded?.has(r.id) === true;
    for (let j = node.questionStart; j < node.questionEnd; j++) {
      const q = (qs[j] as PreparedQuestion).question;
      const ask = askState(q);
      if (ask !== 'asked') {
        if (ask === 'pending') pending = true;
        questions.push({ id: q.id, weight: q.weight, status: 'not_asked', score: null });
        continue;
      }
      asked++;
      if (excluded) {
        answered++;
        notApplicable++;
        questions.push({ id: q.id, weight: q.weight, status: 'not_applicable', score: null });
        continue;
      }
      const value = answers.get(q.id);
      if (value === undefined) {
        questions.push({ id: q.id, weight: q.weight, status: 'unanswered', score: null });
        continue;
      }
      answered++;
      if (value === NOT_APPLICABLE) {
        notApplicable++;
        questions.push({ id: q.id, weight: q.weight, status: 'not_applicable', score: null });
        continue;
      }
      const s = questionScore(q, value);
      if (s === null) {
        questions.push({ id: q.id, weight: q.weight, status: 'unscored', score: null });
        continue;
      }
      scored++;
      weightedScore += q.weight * s;
      weight += q.weight;
      complianceSum += q.type === 'yes_no' && value === 'partial' ? partialCredit : s;
      questions.push({ id: q.id, weight: q.weight, status: 'scored', score: s });
    }

    const score = weight > 0 ? weightedScore / weight : null;
    const result = excluded ? 'not_applicable' : requirementResult({ asked, answered, notApplicable, score, pending });
    const maturity = maturityOf(score);
    requirements.push({
      id: r.id,
      domain: node.domain,
      parent: node.parent < 0 ? null : (p.nodes[node.parent] as PreparedNode).requirement.id,
      result,
      score,
      maturity,
      gap: gapOf(maturity, targetLevel),
      weight: r.weight,
      asked,
      answered,
      scored,
      complete: answered === asked,
      questions,
    });

    const tally: Tally = { result, asked, answered, scored, complianceSum, score, weight: r.weight };
    addTally(total, tally);
    for (const k of node.rollupInto) addTally((accs[k] ??= accumulator()), tally);
  }

  const nodes: NodeScore[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const acc = accs[i];
    const node = p.nodes[i] as PreparedNode;
    if (!acc || !node.hasChildren || scopedNodes[i] !== 1) continue;
    nodes.push({
      id: node.requirement.id,
      parent: node.parent < 0 ? null : (p.nodes[node.parent] as PreparedNode).requirement.id,
      depth: node.depth,
      ...rollup(acc, targetLevel),
    });
  }

  return {
    framework: { id: p.catalog.id, version: p.catalog.version, ...rollup(total, targetLevel) },
    requirements,
    nodes,
    outOfScope,
    options: { level, scopeDomains, targetLevel, partialCredit },
  };
}
