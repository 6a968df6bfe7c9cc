import { ASSESSMENT_ERRORS } from '../errors.js';
import type { Catalog, LocalizedText, Question, Requirement } from './catalog.js';
import { localize } from './catalog.js';
import type { RequirementResult, ScoreResult } from './scoring.js';
import { round } from './rounding.js';
import { compareRequirementIds, prepareCatalog } from './scoring.js';

/**
 * Findings: every requirement that falls short becomes a finding whose
 * severity comes from weight × gap. The formula and thresholds are in
 * docs/scoring.md ("Findings and severity").
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lowest severity score of each band; anything above 0 and below `medium` is low. */
export interface SeverityThresholds {
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
}

export const DEFAULT_SEVERITY_THRESHOLDS: SeverityThresholds = { critical: 2, high: 1, medium: 0.5 };

export interface FindingQuestion {
  readonly id: string;
  readonly text: string;
  readonly weight: number;
  /** The answer's score 0..1 (below 1 for a shortfall); null for an unanswered question. */
  readonly score: number | null;
}

export interface Finding {
  readonly requirementId: string;
  readonly title: string;
  readonly domain: string;
  readonly result: RequirementResult;
  readonly score: number | null;
  readonly maturity: number | null;
  readonly gap: number | null;
  readonly weight: number;
  readonly severity: Severity;
  /** requirement weight × weight of the heaviest question short of full marks × (1 − score), 2 decimals. */
  readonly severityScore: number;
  /** Scored questions below full marks, heaviest first. */
  readonly shortfalls: readonly FindingQuestion[];
  /** Asked questions not answered yet. */
  readonly unanswered: readonly FindingQuestion[];
  readonly recommendation: string;
}

export interface FindingsOptions {
  /** Language of titles and recommendation text; default the catalog's first language. */
  readonly lang?: string | undefined;
  readonly thresholds?: SeverityThresholds | undefined;
}

export function severityOf(
  severityScore: number,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): Severity {
  if (severityScore >= thresholds.critical) return 'critical';
  if (severityScore >= thresholds.high) return 'high';
  if (severityScore >= thresholds.medium) return 'medium';
  return 'low';
}

/** Severity score of a requirement: weight × heaviest short question weight × (1 − score). */
export function severityScoreOf(requirementWeight: number, maxShortfallWeight: number, score: number): number {
  return round(requirementWeight * maxShortfallWeight * (1 - score), 2);
}

export function deriveFindings(catalog: Catalog, scoreResult: ScoreResult, options: FindingsOptions = {}): Finding[] {
  if (catalog.id !== scoreResult.framework.id) {
    throw ASSESSMENT_ERRORS.findingsMismatch({ catalog: catalog.id, scored: scoreResult.framework.id });
  }
  const prepared = prepareCatalog(catalog);
  const fallback = catalog.languages[0] ?? 'en';
  const lang = options.lang ?? fallback;
  const thresholds = options.thresholds ?? DEFAULT_SEVERITY_THRESHOLDS;
  const findings: Finding[] = [];

  for (const r of scoreResult.requirements) {
    const short = r.result === 'partially_compliant' || r.result === 'non_compliant' || (r.gap ?? 0) > 0;
    if (!short || r.score === null) continue;
    const requirement = prepared.requirementsById.get(r.id);
    const title = requirement ? localize(requirement.title, lang, fallback) : r.id;
    const text = (id: string) => localize(prepared.questionsById.get(id)?.text, lang, fallback) || id;

    const shortfalls = r.questions
      .filter((q) => q.status === 'scored' && (q.score ?? 0) < 1)
      .map((q) => ({ id: q.id, text: text(q.id), weight: q.weight, score: q.score }))
      .sort((a, b) => b.weight - a.weight || (a.score ?? 0) - (b.score ?? 0));
    const unanswered = r.questions
      .filter((q) => q.status === 'unanswered')
      .map((q) => ({ id: q.id, text: text(q.id), weight: q.weight, score: null }));
    const maxWeight = shortfalls.reduce((m, q) => Math.max(m, q.weight), 0) || 1;
    const severityScore = severityScoreOf(r.weight, maxWeight, r.score);

    findings.push({
      requirementId: r.id,
      title,
      domain: r.domain,
      result: r.result,
      score: r.score,
      maturity: r.maturity,
      gap: r.gap,
      weight: r.weight,
      severity: severityOf(severityScore, thresholds),
      severityScore,
      shortfalls,
      unanswered,
      recommendation: recommendation(
        (x) => localize(x, lang, fallback),
        lang,
        title,
        requirement,
        shortfalls.map((q) => prepared.questionsById.get(q.id)),
        unanswered.length,
      ),
    });
  }

  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return findings.sort(
    (a, b) => rank(a.severity) - rank(b.severity) || compareRequirementIds(a.requirementId, b.requirementId),
  );
}

const sentence = (s: string) => (/[.?!…]$/.test(s) ? s : `${s}.`);

/**
 * What to do about a finding, for the people who will do it: the
 * requirement's own recommendation, else its statement, else the guidance of
 * its weakest question; then the evidence to keep, and how many questions are
 * still open. Never question ids or question wording.
 */
function recommendation(
  t: (x: LocalizedText | null | undefined) => string,
  lang: string,
  title: string,
  requirement: Requirement | undefined,
  shortfalls: readonly (Question | undefined)[],
  unanswered: number,
): string {
  const es = lang === 'es';
  const guidance = shortfalls.map((q) => t(q?.guidance ?? null)).find(Boolean);
  const what =
    t(requirement?.recommendation ?? null) ||
    (t(requirement?.description ?? null)
      ? es
        ? `Implante lo que pide «${title}»: ${t(requirement?.description ?? null)}`
        : `Put in place what "${title}" asks for: ${t(requirement?.description ?? null)}`
      : '') ||
    (guidance ? (es ? `Lo que se espera: ${guidance}` : `What good looks like: ${guidance}`) : '') ||
    (es
      ? `Implante «${title}», documente cómo se hace y asígnele un responsable.`
      : `Put "${title}" in place, document how it is done and give it an owner.`);
  const parts = [sentence(what)];
  const evidence = [...new Set(shortfalls.map((q) => t(q?.evidence ?? null)).filter(Boolean))].slice(0, 2);
  if (evidence.length > 0)
    parts.push(
      sentence(
        `${es ? 'Conserve como evidencia' : 'Keep as evidence'}: ${evidence.map((e) => e.replace(/[.]$/, '')).join('; ')}`,
      ),
    );
  if (unanswered > 0) {
    const one = unanswered === 1;
    parts.push(
      es
        ? `${one ? 'Queda' : 'Quedan'} ${unanswered} ${one ? 'pregunta' : 'preguntas'} de este requisito por responder.`
        : `${unanswered} ${one ? 'question' : 'questions'} of this requirement ${one ? 'is' : 'are'} still to be answered.`,
    );
  }
  return parts.join(' ');
}
