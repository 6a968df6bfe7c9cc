import { createHash } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import type { SurveyDefinition } from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import type { SurveyDeps, SurveyRecord } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

export interface SurveySummaryDto {
  readonly id: string;
  readonly survey: string;
  readonly version: number;
  readonly status: string;
  readonly title: Readonly<Record<string, string>>;
  readonly anonymous: boolean;
  readonly threshold: number;
  readonly questions: number;
  readonly requirements: readonly string[];
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly closedAt: string | null;
}

export function summaryDto(s: SurveyRecord): SurveySummaryDto {
  return {
    id: s.id,
    survey: s.key,
    version: s.version,
    status: s.status,
    title: s.definition.title,
    anonymous: s.definition.anonymous,
    threshold: s.definition.threshold,
    questions: s.definition.questions.length,
    requirements: s.definition.requirements,
    createdAt: s.createdAt.toISOString(),
    publishedAt: s.publishedAt?.toISOString() ?? null,
    closedAt: s.closedAt?.toISOString() ?? null,
  };
}

const hashOf = (d: SurveyDefinition) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

/**
 * `survey create --from file`: a new survey, or a new version of one. A
 * draft is replaced in place; a published or closed version never changes,
 * so editing it makes the next version.
 */
export function createSurvey(deps: SurveyDeps) {
  return async (principal: Principal, from: string) => {
    const access = allow(principal, 'survey.manage');
    const { definition, source } = await deps.files.definition(from);
    const hash = hashOf(definition);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ survey, record }) => {
      const repo = survey.forOrg(access.orgId);
      const latest = (await repo.versions(definition.key))[0];
      if (latest && latest.contentHash === hash) {
        await record({ action: 'survey.unchanged', targetType: 'survey', targetId: latest.id, details: { source } });
        return { ...summaryDto(latest), outcome: 'unchanged' as const };
      }
      if (latest?.status === 'draft') {
        await repo.replaceDraft(latest.id, definition, hash);
        await record({
          action: 'survey.draft_replaced',
          targetType: 'survey',
          targetId: latest.id,
          details: { source, version: latest.version },
        });
        return { ...summaryDto({ ...latest, definition, contentHash: hash }), outcome: 'draft replaced' as const };
      }
      const created: SurveyRecord = {
        id: newId(),
        key: definition.key,
        version: (latest?.version ?? 0) + 1,
        status: 'draft',
        definition,
        contentHash: hash,
        createdAt: now,
        publishedAt: null,
        closedAt: null,
      };
      await repo.insert(created, access.actor.label);
      await record({
        action: 'survey.created',
        targetType: 'survey',
        targetId: created.id,
        details: { survey: created.key, version: created.version, source, questions: definition.questions.length },
      });
      return { ...summaryDto(created), outcome: 'created' as const };
    });
  };
}

function transition(deps: SurveyDeps, to: 'published' | 'closed') {
  return async (principal: Principal, ref: string) => {
    const access = allow(principal, 'survey.manage');
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ survey, record, entitlements }) => {
      const repo = survey.forOrg(access.orgId);
      const found = await findSurvey(repo, ref);
      const needed = to === 'published' ? 'draft' : 'published';
      if (found.status !== needed) {
        throw SURVEY_ERRORS.badStatus({
          survey: surveyRef(found),
          status: found.status,
          action: to === 'published' ? 'publish' : 'close',
          needed,
        });
      }
      if (to === 'published') {
        // An earlier published version closes: one version of a survey is live at a time.
        for (const other of await repo.versions(found.key)) {
          if (other.status === 'published') await repo.setStatus(other.id, 'closed', now);
        }
        await entitlements.reserve(access.orgId, 'active_surveys');
      }
      await repo.setStatus(found.id, to, now);
      await record({
        action: `survey.${to}`,
        targetType: 'survey',
        targetId: found.id,
        details: { survey: surveyRef(found) },
      });
      return summaryDto({ ...found, status: to, ...(to === 'published' ? { publishedAt: now } : { closedAt: now }) });
    });
  };
}

export const publishSurvey = (deps: SurveyDeps) => transition(deps, 'published');
export const closeSurvey = (deps: SurveyDeps) => transition(deps, 'closed');

/** Deletes a survey version that has no responses (close it otherwise). */
export function deleteSurvey(deps: SurveyDeps) {
  return async (principal: Principal, ref: string) => {
    const access = allow(principal, 'survey.manage');
    return access.change(deps.uow, async ({ survey, record }) => {
      const repo = survey.forOrg(access.orgId);
      const found = await findSurvey(repo, ref);
      const { started } = await repo.counts(found.id);
      if (started > 0) throw SURVEY_ERRORS.hasResponses({ survey: surveyRef(found), count: started });
      await repo.delete(found.id);
      await record({
        action: 'survey.deleted',
        targetType: 'survey',
        targetId: found.id,
        details: { survey: surveyRef(found) },
      });
      return { deleted: surveyRef(found) };
    });
  };
}
