import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { displayAnswer } from '../domain/answer-labels.js';
import type { ApplicabilityDecision } from '../domain/applicability.js';
import { localize, type Requirement } from '../domain/catalog.js';
import { deriveFindings } from '../domain/findings.js';
import { reachableFrameworks } from '../domain/mapping-graph.js';
import { sealOf } from './lifecycle.command.js';
import { answerKey, loadAssessment, questionStates } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';
import { scoreLoaded } from './score-assessment.query.js';
import { coverageOf, usableMappingSets } from './coverage.query.js';

/**
 * Everything reports show about one assessment, in one language: the shape
 * the reporting context renders and exports.
 */
export type ResultName = 'compliant' | 'partially_compliant' | 'non_compliant' | 'not_applicable' | 'not_assessed';

export interface ResultCountsData {
  compliant: number;
  partially_compliant: number;
  non_compliant: number;
  not_applicable: number;
  not_assessed: number;
}

export interface ScoreFigures {
  /** 0..1 weighted score; null when nothing is scored. */
  score: number | null;
  /** CSET-style compliance percentage 0..100; null when nothing is scored. */
  compliance: number | null;
  /** 0..5 */
  maturity: number | null;
  /** max(0, target - maturity) */
  gap: number | null;
  /** answered / asked, 0..1 */
  progress: number;
  counts: ResultCountsData;
}

export interface QuestionData {
  id: string;
  text: string;
  type: string;
  /** Whether the question applies given earlier answers. */
  asked: boolean;
  /** The stored value as text for people (e.g. "yes", "3 · Defined", "mfa, sso"); null when unanswered. */
  answer: string | null;
  /** The stored value as it is (for machine exports). */
  value: string | number | string[] | null;
  /** 0..1, null when not scored. */
  score: number | null;
  note: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  evidence: EvidenceData[];
}

export interface EvidenceData {
  kind: 'file' | 'link';
  name: string;
  sha256: string | null;
  size: number | null;
  url: string | null;
}

export interface RequirementData {
  id: string;
  title: string;
  /** Top-level domain id. */
  domain: string;
  /** Applicability levels when the framework has them (e.g. ENS categories). */
  applicability: string[] | null;
  result: ResultName;
  score: number | null;
  maturity: number | null;
  gap: number | null;
  weight: number;
  /** Its line of the Statement of Applicability: applicable unless excluded; the reasons and justification given. */
  soa: SoaData;
  questions: QuestionData[];
}

export interface SoaData {
  applicable: boolean;
  /** Whether someone decided on it; a control nobody decided on applies, without a justification. */
  decided: boolean;
  /** Why it is included: risk, legal, contract, business. */
  reasons: string[];
  justification: string | null;
}

export interface DomainData extends ScoreFigures {
  id: string;
  title: string;
}

export interface FrameworkData {
  id: string;
  version: string;
  name: string;
  publisher: string | null;
  summary: ScoreFigures;
  domains: DomainData[];
  requirements: RequirementData[];
}

export interface FindingData {
  id: string;
  framework: string;
  requirement: string;
  title: string;
  domain: string;
  result: ResultName;
  severity: 'critical' | 'high' | 'medium' | 'low';
  severityScore: number;
  score: number | null;
  gap: number | null;
  recommendation: string;
  owner: string | null;
  due: string | null;
  status: string;
}

export interface CoverageData {
  framework: string;
  version: string;
  name: string;
  counts: Record<string, number>;
  requirements: {
    id: string;
    title: string;
    result: ResultName;
    /** Where the result came from: `nist-csf-2.0:PR.DS-11 (compliant, equal)`. */
    sources: { framework: string; requirement: string; result: ResultName; relationship: string; path: string }[];
  }[];
}

export interface AssessmentSnapshot {
  language: string;
  assessment: {
    id: string;
    subject: string;
    status: string;
    scope: { description: string | null; domains: string[] | null; level: string | null };
    targetLevel: number;
    createdAt: string;
    updatedAt: string;
    createdBy: string;
    sealedHash: string | null;
  };
  frameworks: FrameworkData[];
  findings: FindingData[];
  coverage: CoverageData[];
  /** SHA-256 of the assessment's content (answers, notes, frameworks): what `report verify` compares. */
  dataHash: string;
}

function figures(r: {
  score: number | null;
  compliance: number | null;
  maturity: number | null;
  gap: number | null;
  progress: number;
  counts: ResultCountsData;
}): ScoreFigures {
  return {
    score: r.score,
    compliance: r.compliance,
    maturity: r.maturity,
    gap: r.gap,
    progress: r.progress,
    counts: { ...r.counts },
  };
}

function soaOf(d: ApplicabilityDecision | undefined): SoaData {
  return d
    ? { applicable: d.applicable, decided: true, reasons: [...d.reasons], justification: d.justification }
    : { applicable: true, decided: false, reasons: [], justification: null };
}

/** Everything about one assessment that a report shows. */
export function assessmentSnapshot(deps: AssessmentDeps) {
  return async (principal: Principal, id: string, lang = 'en'): Promise<AssessmentSnapshot> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, id);
    const states = new Map(questionStates(loaded).map((s) => [answerKey(s.frameworkId, s.question.id), s]));
    const evidence = await deps.uow.read.assessments(orgId).evidence(id);
    const scored = scoreLoaded(loaded);
    const tracked = await deps.uow.read.assessments(orgId).findings(id);
    const several = loaded.frameworks.length > 1;
    const decisions = new Map<string, ApplicabilityDecision>(
      loaded.applicability.map((d) => [`${d.frameworkId} ${d.requirementId}`, d]),
    );

    const frameworks: FrameworkData[] = scored.map(({ summary, catalog, result }) => {
      const fallback = catalog.languages[0] ?? 'en';
      const t = (x: Parameters<typeof localize>[0]) => localize(x, lang, fallback);
      const titles = new Map<string, string>();
      const requirementsById = new Map<string, Requirement>();
      const walk = (nodes: readonly Requirement[]) => {
        for (const r of nodes) {
          titles.set(r.id, t(r.title));
          requirementsById.set(r.id, r);
          walk(r.children);
        }
      };
      walk(catalog.requirements);
      return {
        id: summary.key,
        version: summary.version,
        name: t(catalog.name),
        publisher: catalog.publisher,
        summary: figures(result.framework),
        domains: result.nodes
          .filter((n) => n.depth === 0)
          .map((n) => ({ id: n.id, title: titles.get(n.id) ?? n.id, ...figures(n) })),
        requirements: result.requirements.map((r) => {
          const requirement = requirementsById.get(r.id);
          const scoreOf = new Map(r.questions.map((q) => [q.id, q.score]));
          return {
            id: r.id,
            title: titles.get(r.id) ?? r.id,
            domain: r.domain,
            applicability: requirement?.applicability ? [...requirement.applicability] : null,
            result: r.result,
            score: r.score,
            maturity: r.maturity,
            gap: r.gap,
            weight: r.weight,
            soa: soaOf(decisions.get(`${summary.id} ${r.id}`)),
            questions: (requirement?.questions ?? []).map((q) => {
              const state = states.get(answerKey(summary.id, q.id));
              const answer = state?.answer;
              return {
                id: q.id,
                text: t(q.text),
                type: q.type,
                asked: state?.asked ?? false,
                answer: answer ? displayAnswer(q, answer.value, lang, fallback) : null,
                value: answer
                  ? Array.isArray(answer.value)
                    ? [...answer.value]
                    : (answer.value as string | number)
                  : null,
                score: scoreOf.get(q.id) ?? null,
                note: answer?.note ?? null,
                answeredBy: answer?.answeredBy ?? null,
                answeredAt: answer?.answeredAt.toISOString() ?? null,
                evidence: evidence
                  .filter((e) => e.frameworkId === summary.id && e.questionId === q.id)
                  .map((e) => ({ kind: e.kind, name: e.name, sha256: e.sha256, size: e.size, url: e.url })),
              };
            }),
          };
        }),
      };
    });

    const findings: FindingData[] = scored.flatMap((s) =>
      deriveFindings(s.catalog, s.result, { lang }).map((f) => {
        const t = tracked.find((x) => x.frameworkId === s.summary.id && x.requirementId === f.requirementId);
        return {
          id: several ? `${id}:${s.summary.key}:${f.requirementId}` : `${id}:${f.requirementId}`,
          framework: s.summary.key,
          requirement: f.requirementId,
          title: f.title,
          domain: f.domain,
          result: f.result,
          severity: f.severity,
          severityScore: f.severityScore,
          score: f.score,
          gap: f.gap,
          recommendation: f.recommendation,
          owner: t?.owner ?? null,
          due: t?.dueDate ?? null,
          status: t?.status ?? 'open',
        };
      }),
    );

    // Coverage of every framework the mappings reach from the assessed ones (at most three hops).
    const coverage: CoverageData[] = [];
    const assessed = loaded.frameworks.map((f) => f.summary.key);
    const mappingSets = await usableMappingSets(deps, orgId, assessed);
    for (const key of reachableFrameworks(assessed, mappingSets)) {
      const cov = await coverageOf(deps, orgId, id, scored, mappingSets, key, lang).catch(() => null);
      if (!cov || cov.requirements.every((r) => r.result === 'not_assessed')) continue;
      coverage.push({
        framework: cov.target.id,
        version: cov.target.version,
        name: cov.name,
        counts: cov.counts,
        requirements: cov.requirements.map((r) => ({
          id: r.requirementId,
          title: r.title,
          result: r.result,
          sources: r.sources
            .filter((s) => s.carried)
            .map((s) => ({
              framework: s.framework,
              requirement: s.requirement,
              result: s.result,
              relationship: s.path.map((p) => p.relationship).join('→'),
              path: s.path.map((p) => `${p.framework}:${p.requirement}`).join(' → '),
            })),
        })),
      });
    }

    const r = loaded.record;
    return {
      language: lang,
      assessment: {
        id: r.id,
        subject: r.subject,
        status: r.status,
        scope: {
          description: r.scope.description ?? null,
          domains: r.scope.domains ? [...r.scope.domains] : null,
          level: r.scope.level ?? null,
        },
        targetLevel: r.targetLevel,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        createdBy: r.createdBy,
        sealedHash: r.sealedHash,
      },
      frameworks,
      findings,
      coverage,
      dataHash: sealOf(loaded),
    };
  };
}

/** Only the data hash of an assessment: what `report verify` compares, without building a snapshot. */
export function assessmentDataHash(deps: AssessmentDeps) {
  return async (principal: Principal, id: string): Promise<string> => {
    const { orgId } = allow(principal, 'assessment.read');
    return sealOf(await loadAssessment(deps.uow.read, orgId, id));
  };
}
