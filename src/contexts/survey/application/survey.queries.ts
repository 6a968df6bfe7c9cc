import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import type { SurveyDefinition } from '../domain/survey.js';
import { summaryDto, type SurveySummaryDto } from './survey.commands.js';
import type { InvitationSummary, SurveyDeps } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

export function listSurveys(deps: SurveyDeps) {
  return async (principal: Principal): Promise<(SurveySummaryDto & { started: number; completed: number })[]> => {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const surveys = await repo.list();
    return Promise.all(surveys.map(async (s) => ({ ...summaryDto(s), ...(await repo.counts(s.id)) })));
  };
}

export function showSurvey(deps: SurveyDeps) {
  return async (
    principal: Principal,
    ref: string,
  ): Promise<SurveySummaryDto & { definition: SurveyDefinition; started: number; completed: number }> => {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const found = await findSurvey(repo, ref);
    return { ...summaryDto(found), definition: found.definition, ...(await repo.counts(found.id)) };
  };
}

/** Sent, opened and completed, never the tokens; the people invited only for a named survey. */
export function surveyInvitations(deps: SurveyDeps) {
  return async (
    principal: Principal,
    ref: string,
  ): Promise<InvitationSummary & { survey: string; anonymous: boolean }> => {
    const { orgId } = allow(principal, 'survey.run');
    const repo = deps.uow.read.forOrg(orgId);
    const found = await findSurvey(repo, ref);
    const summary = await repo.invitations(found.id, !found.definition.anonymous);
    return { survey: surveyRef(found), anonymous: found.definition.anonymous, ...summary };
  };
}
