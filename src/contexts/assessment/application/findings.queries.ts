import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { deriveFindings } from '../domain/findings.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { loadAssessment } from './loaded-assessment.js';
import { FINDING_STATUSES, type AssessmentDeps, type FindingStatus } from './ports.js';
import { scoreLoaded } from './score-assessment.query.js';

export interface FindingDto {
  /** `<assessment>:<requirement>`, or `<assessment>:<framework>:<requirement>` when several frameworks are assessed. */
  id: string;
  assessment: string;
  framework: string;
  requirement: string;
  title: string;
  domain: string;
  result: string;
  score: number | null;
  maturity: number | null;
  gap: number | null;
  severity: string;
  severityScore: number;
  recommendation: string;
  shortfalls: { id: string; text: string; score: number | null }[];
  unanswered: { id: string; text: string }[];
  owner: string | null;
  due: string | null;
  status: FindingStatus;
}

/** Every gap of an assessment as a finding, with who owns it, by when, and its status. */
export function listFindings(deps: AssessmentDeps) {
  return async (principal: Principal, assessmentId: string, lang = 'en'): Promise<FindingDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, assessmentId);
    const tracked = await deps.uow.read.assessments(orgId).findings(assessmentId);
    const several = loaded.frameworks.length > 1;
    return scoreLoaded(loaded).flatMap((s) =>
      deriveFindings(s.catalog, s.result, { lang }).map((f) => {
        const t = tracked.find((x) => x.frameworkId === s.summary.id && x.requirementId === f.requirementId);
        return {
          id: several ? `${assessmentId}:${s.summary.key}:${f.requirementId}` : `${assessmentId}:${f.requirementId}`,
          assessment: assessmentId,
          framework: s.summary.key,
          requirement: f.requirementId,
          title: f.title,
          domain: f.domain,
          result: f.result,
          score: f.score,
          maturity: f.maturity,
          gap: f.gap,
          severity: f.severity,
          severityScore: f.severityScore,
          recommendation: f.recommendation,
          shortfalls: f.shortfalls.map((q) => ({ id: q.id, text: q.text, score: q.score })),
          unanswered: f.unanswered.map((q) => ({ id: q.id, text: q.text })),
          owner: t?.owner ?? null,
          due: t?.dueDate ?? null,
          status: t?.status ?? 'open',
        };
      }),
    );
  };
}

export interface UpdateFindingInput {
  owner?: string | undefined;
  due?: string | undefined;
  status?: string | undefined;
}

/** Sets owner, due date or status of a finding (named as `finding list` shows it). */
export function updateFinding(deps: AssessmentDeps) {
  return async (principal: Principal, findingId: string, input: UpdateFindingInput): Promise<FindingDto> => {
    const access = allow(principal, 'finding.write');
    const { orgId } = access;
    if (input.owner === undefined && input.due === undefined && input.status === undefined) {
      throw ASSESSMENT_ERRORS.findingNothingToChange();
    }
    if (input.status !== undefined && !(FINDING_STATUSES as readonly string[]).includes(input.status)) {
      throw ASSESSMENT_ERRORS.findingBadStatus({ statuses: FINDING_STATUSES.join(', '), status: input.status });
    }
    if (input.due !== undefined && input.due !== '' && !isDate(input.due)) {
      throw ASSESSMENT_ERRORS.findingBadDue({ due: input.due });
    }
    const assessmentId = findingId.split(':')[0] ?? '';
    const current = (await listFindings(deps)(principal, assessmentId)).find((f) => f.id === findingId);
    if (!current) throw ASSESSMENT_ERRORS.findingNotFound({ id: findingId });
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, record }) => {
      const loaded = await loadAssessment(store, orgId, assessmentId);
      const framework = loaded.frameworks.find((f) => f.summary.key === current.framework);
      if (!framework) throw ASSESSMENT_ERRORS.findingNotFound({ id: findingId });
      const next = {
        owner: input.owner === undefined ? current.owner : input.owner || null,
        due: input.due === undefined ? current.due : input.due || null,
        status: (input.status ?? current.status) as FindingStatus,
      };
      await store.assessments(orgId).saveFinding(assessmentId, {
        frameworkId: framework.summary.id,
        requirementId: current.requirement,
        owner: next.owner,
        dueDate: next.due,
        status: next.status,
        updatedAt: now,
      });
      await record({
        action: 'finding.updated',
        targetType: 'finding',
        targetId: findingId,
        details: { before: { owner: current.owner, due: current.due, status: current.status }, after: next },
      });
      return { ...current, ...next };
    });
  };
}

function isDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}
