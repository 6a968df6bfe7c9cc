import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { surveyResults } from './results.query.js';
import type { SurveyDeps } from './ports.js';
import { surveyRef } from './survey-lookup.js';

export interface SurveyEvidence {
  readonly requirement: string;
  readonly survey: string;
  readonly status: string;
  readonly invited: number;
  readonly completed: number;
  /** Completed over invited, 0–100; null without invitations (imported responses). */
  readonly responseRate: number | null;
  /** The mean top-2-box of the survey's Likert questions, 0–100: the headline score. */
  readonly agreement: number | null;
  readonly nps: number | null;
  readonly lastPublishedAt: string | null;
}

/**
 * Surveys as evidence for requirements (`requirements: [iso27001-2022:A.6.3]`
 * in a survey's file): per requirement, each published or closed survey's
 * completion and headline figures, from the counts kept in the database.
 */
export function surveyEvidence(deps: SurveyDeps) {
  return async (principal: Principal, requirements?: readonly string[]): Promise<SurveyEvidence[]> => {
    const { orgId } = allow(principal, 'survey.read');
    const wanted = requirements ? new Set(requirements) : null;
    const surveys = (await deps.uow.read.forOrg(orgId).list()).filter(
      (s) => s.status !== 'draft' && s.definition.requirements.some((r) => !wanted || wanted.has(r)),
    );
    const results = surveyResults(deps);
    const evidence: SurveyEvidence[] = [];
    for (const s of surveys) {
      const r = await results(principal, surveyRef(s));
      const boxes = r.questions.map((q) => q.topTwoBox).filter((v): v is number => v !== null);
      const nps = r.questions.find((q) => q.nps)?.nps?.score ?? null;
      for (const requirement of s.definition.requirements.filter((x) => !wanted || wanted.has(x))) {
        evidence.push({
          requirement,
          survey: surveyRef(s),
          status: s.status,
          invited: r.invited,
          completed: r.completed,
          responseRate: r.responseRate,
          agreement:
            boxes.length === 0 ? null : Math.round((boxes.reduce((a, b) => a + b, 0) / boxes.length) * 10) / 10,
          nps,
          lastPublishedAt: s.publishedAt?.toISOString() ?? null,
        });
      }
    }
    return evidence.sort((a, b) => a.requirement.localeCompare(b.requirement) || a.survey.localeCompare(b.survey));
  };
}
