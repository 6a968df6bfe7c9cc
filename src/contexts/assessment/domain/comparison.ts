import { ASSESSMENT_ERRORS } from '../errors.js';
import type { RequirementResult, ScoreResult } from './scoring.js';
import { round } from './rounding.js';

/**
 * Two scorings of the same framework side by side (for example two
 * assessments of one subject a year apart): what improved and what regressed.
 * Rules in docs/scoring.md ("Comparing two assessments").
 */

export type Change = 'improved' | 'regressed' | 'unchanged' | 'added' | 'removed';

/** Score differences smaller than this are noise, not change. */
export const SCORE_EPSILON = 0.0005;

export interface Side {
  readonly result: RequirementResult;
  readonly score: number | null;
}

export interface RequirementComparison {
  readonly id: string;
  readonly before: Side | null;
  readonly after: Side | null;
  /** after.score − before.score, 4 decimals; null unless both sides have a score. */
  readonly delta: number | null;
  readonly change: Change;
}

export interface ScoreDelta {
  readonly before: number | null;
  readonly after: number | null;
  readonly delta: number | null;
}

export interface DomainComparison {
  readonly id: string;
  readonly score: ScoreDelta;
  readonly compliance: ScoreDelta;
  readonly maturity: ScoreDelta;
}

export interface Comparison {
  readonly framework: string;
  readonly versions: { readonly before: string; readonly after: string };
  readonly overall: Omit<DomainComparison, 'id'>;
  /** Requirements present in either scoring, in the after order then removed ones in the before order. */
  readonly requirements: readonly RequirementComparison[];
  /** Domains (top-level nodes) present in either scoring. */
  readonly domains: readonly DomainComparison[];
  readonly totals: Readonly<Record<Change, number>>;
}

function delta(before: number | null | undefined, after: number | null | undefined, digits: number): ScoreDelta {
  const b = before ?? null;
  const a = after ?? null;
  return { before: b, after: a, delta: a !== null && b !== null ? round(a - b, digits) : null };
}

/** How one requirement changed; see docs/scoring.md. */
export function changeOf(before: Side | null, after: Side | null): Change {
  if (!before) return 'added';
  if (!after) return 'removed';
  if (before.score !== null && after.score !== null) {
    const d = after.score - before.score;
    return d > SCORE_EPSILON ? 'improved' : d < -SCORE_EPSILON ? 'regressed' : 'unchanged';
  }
  return 'unchanged';
}

export function compareAssessments(a: ScoreResult, b: ScoreResult): Comparison {
  if (a.framework.id !== b.framework.id) {
    throw ASSESSMENT_ERRORS.compareMismatch({ before: a.framework.id, after: b.framework.id });
  }
  const beforeById = new Map(a.requirements.map((r) => [r.id, r]));
  const afterIds = new Set(b.requirements.map((r) => r.id));
  const totals: Record<Change, number> = { improved: 0, regressed: 0, unchanged: 0, added: 0, removed: 0 };
  const requirements: RequirementComparison[] = [];
  const push = (id: string, before: Side | null, after: Side | null) => {
    const change = changeOf(before, after);
    totals[change]++;
    requirements.push({
      id,
      before,
      after,
      delta: before?.score != null && after?.score != null ? round(after.score - before.score, 4) : null,
      change,
    });
  };
  for (const r of b.requirements) {
    const old = beforeById.get(r.id);
    push(r.id, old ? { result: old.result, score: old.score } : null, { result: r.result, score: r.score });
  }
  for (const r of a.requirements) {
    if (!afterIds.has(r.id)) push(r.id, { result: r.result, score: r.score }, null);
  }

  const domainsBefore = new Map(a.nodes.filter((n) => n.depth === 0).map((n) => [n.id, n]));
  const domainsAfter = new Map(b.nodes.filter((n) => n.depth === 0).map((n) => [n.id, n]));
  const domainIds = [...domainsAfter.keys(), ...[...domainsBefore.keys()].filter((id) => !domainsAfter.has(id))];
  const domains = domainIds.map((id) => {
    const x = domainsBefore.get(id);
    const y = domainsAfter.get(id);
    return {
      id,
      score: delta(x?.score, y?.score, 4),
      compliance: delta(x?.compliance, y?.compliance, 2),
      maturity: delta(x?.maturity, y?.maturity, 1),
    };
  });

  return {
    framework: a.framework.id,
    versions: { before: a.framework.version, after: b.framework.version },
    overall: {
      score: delta(a.framework.score, b.framework.score, 4),
      compliance: delta(a.framework.compliance, b.framework.compliance, 2),
      maturity: delta(a.framework.maturity, b.framework.maturity, 1),
    },
    requirements,
    domains,
    totals,
  };
}
