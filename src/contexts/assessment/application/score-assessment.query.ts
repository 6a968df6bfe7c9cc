import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import type { AnswerValue } from '../domain/answer.js';
import { type Catalog, localize } from '../domain/catalog.js';
import { excludedRequirements } from '../domain/applicability.js';
import { scopeFor } from '../domain/scope.js';
import { shownTo } from '../domain/rounding.js';
import { prepareCatalog, type ScoreResult, scoreAssessment } from '../domain/scoring.js';
import { loadAssessment, type LoadedAssessment } from './loaded-assessment.js';
import type { AssessmentDeps, FrameworkSummary } from './ports.js';

export interface ScoredFramework {
  readonly summary: FrameworkSummary;
  readonly catalog: Catalog;
  readonly result: ScoreResult;
}

/** Scores every framework of a loaded assessment with its scope and target level. */
export function scoreLoaded(loaded: LoadedAssessment): ScoredFramework[] {
  return loaded.frameworks.map(({ summary, catalog }) => {
    const answers = new Map<string, AnswerValue>();
    for (const a of loaded.answers) if (a.frameworkId === summary.id) answers.set(a.questionId, a.value);
    const scope = scopeFor(catalog, loaded.record.scope);
    const excluded = excludedRequirements(loaded.applicability, summary.id);
    const result = scoreAssessment(prepareCatalog(catalog), answers, {
      targetLevel: loaded.record.targetLevel,
      ...(excluded.size > 0 ? { excluded } : {}),
      ...(scope.level ? { level: scope.level } : {}),
      ...(scope.dimensions ? { dimensions: scope.dimensions } : {}),
      ...(scope.domains ? { scopeDomains: scope.domains } : {}),
    });
    return { summary, catalog, result };
  });
}

export interface FrameworkScoreDto {
  framework: string;
  version: string;
  score: number | null;
  compliance: number | null;
  maturity: number | null;
  gap: number | null;
  progress: number;
  counts: Record<string, number>;
  domains: {
    id: string;
    title: string;
    score: number | null;
    compliance: number | null;
    maturity: number | null;
    gap: number | null;
    progress: number;
    counts: Record<string, number>;
  }[];
  requirements: {
    id: string;
    domain: string;
    result: string;
    score: number | null;
    maturity: number | null;
    gap: number | null;
    answered: number;
    asked: number;
  }[];
}

/** Scores and progress are shown to three decimals, compliance percentages to one. */
const SCORE_DIGITS = 3;

export function scoreDto(s: ScoredFramework, lang: string): FrameworkScoreDto {
  const f = s.result.framework;
  const titleOf = new Map(s.catalog.requirements.map((r) => [r.id, localize(r.title, lang, s.catalog.languages[0])]));
  return {
    framework: s.summary.key,
    version: s.summary.version,
    score: shownTo(f.score, SCORE_DIGITS),
    compliance: shownTo(f.compliance, 1),
    maturity: f.maturity,
    gap: f.gap,
    progress: shownTo(f.progress, SCORE_DIGITS) ?? 0,
    counts: { ...f.counts },
    domains: s.result.nodes
      .filter((n) => n.depth === 0)
      .map((n) => ({
        id: n.id,
        title: titleOf.get(n.id) ?? n.id,
        score: shownTo(n.score, SCORE_DIGITS),
        compliance: shownTo(n.compliance, 1),
        maturity: n.maturity,
        gap: n.gap,
        progress: shownTo(n.progress, SCORE_DIGITS) ?? 0,
        counts: { ...n.counts },
      })),
    requirements: s.result.requirements.map((r) => ({
      id: r.id,
      domain: r.domain,
      result: r.result,
      score: shownTo(r.score, SCORE_DIGITS),
      maturity: r.maturity,
      gap: r.gap,
      answered: r.answered,
      asked: r.asked,
    })),
  };
}

export function assessmentScores(deps: AssessmentDeps) {
  return async (principal: Principal, id: string, lang = 'en'): Promise<FrameworkScoreDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    return scoreLoaded(await loadAssessment(deps.uow.read, orgId, id)).map((s) => scoreDto(s, lang));
  };
}
