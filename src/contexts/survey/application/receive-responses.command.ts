import { createHash } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { toRows } from '../domain/answer-rows.js';
import {
  answerValueIssue,
  groupingQuestions,
  isShown,
  missingRequired,
  type SurveyAnswer,
  type SurveyDefinition,
  SurveyFile,
  type SurveyFileInput,
  surveyFromFile,
} from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import type { AnswerRow, SurveyRecord } from './ports.js';
import { summaryDto } from './survey.commands.js';
import { findSurvey, surveyRef } from './survey-lookup.js';
import type { SurveySyncDeps, SyncedResponse } from './synced-responses.query.js';

/** Where a change received by sync comes from, as this database's audit entries name it. */
export interface SyncOrigin {
  readonly database: string;
  readonly organisation: string;
  readonly by: string;
}

export interface AdoptSurveyInput {
  readonly key: string;
  readonly version: number;
  /** The definition as the other database stores it. */
  readonly definition: SurveyDefinition;
  readonly contentHash: string;
  readonly status: 'published' | 'closed';
  readonly origin: SyncOrigin;
}

export interface ReceiveResponsesInput {
  /** `key@version`. */
  readonly survey: string;
  /** The content hash of that version where the responses come from: it must be this one's. */
  readonly contentHash: string;
  readonly responses: readonly SyncedResponse[];
  readonly origin: SyncOrigin;
}

const hashOf = (d: SurveyDefinition) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

/** A stored definition written back as a survey file, so it is checked as `survey create` checks a file. */
function fileOf(d: SurveyDefinition): SurveyFileInput {
  const opt = <T>(v: T | null | undefined) => (v === null || v === undefined ? undefined : v);
  return {
    id: d.key,
    title: d.title,
    description: opt(d.description),
    languages: [...d.languages],
    anonymous: d.anonymous,
    threshold: d.threshold,
    requirements: [...d.requirements],
    sections: d.sections.map((s) => ({
      id: s.id,
      title: s.title,
      description: opt(s.description),
      questions: d.questions
        .filter((q) => q.section === s.id)
        .map((q) => ({
          id: q.id,
          type: q.type,
          text: q.text,
          help: opt(q.help),
          required: q.required,
          points: q.type === 'likert' ? (q.scale as 5 | 7) : undefined,
          labels: q.type === 'likert' ? [...q.labels] : undefined,
          max: q.type === 'rating' ? q.scale : undefined,
          options: q.options.length > 0 ? q.options.map((o) => ({ id: o.id, label: o.label })) : undefined,
          other: q.other,
          randomize: q.randomize,
          long: q.long,
          when: q.when ? { question: q.when.question, in: [...q.when.in] } : undefined,
        })),
    })),
  } as SurveyFileInput;
}

/** The definition received, re-made from a file of it: it must be a survey, and the same one (same hash). */
function checkedDefinition(input: AdoptSurveyInput): SurveyDefinition {
  const ref = `${input.key}@${input.version}`;
  const refuse = (problem: string) => SURVEY_ERRORS.syncVersion({ survey: ref, problem });
  let definition: SurveyDefinition;
  try {
    const parsed = SurveyFile.safeParse(fileOf(input.definition));
    if (!parsed.success) throw refuse(`not a valid survey: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
    definition = surveyFromFile(parsed.data);
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    throw refuse(`not a valid survey: ${(error as Error).message}`);
  }
  if (definition.key !== input.key) throw refuse(`its definition is of survey ${definition.key}`);
  if (hashOf(definition) !== input.contentHash) throw refuse('its definition does not match its content hash');
  return definition;
}

/**
 * A survey version that another database holds and this one lacks, created
 * here from the stored definition by sync: the same checks as `survey create`
 * makes of a file, with the version and status it has there (publishing it
 * closes the version published before it, as `survey publish` does). Only the
 * next version is made: earlier ones must be here first.
 */
export function adoptSurveyVersion(deps: SurveySyncDeps) {
  return async (principal: Principal, input: AdoptSurveyInput) => {
    const access = allow(principal, 'survey.manage');
    const ref = `${input.key}@${input.version}`;
    const refuse = (problem: string) => SURVEY_ERRORS.syncVersion({ survey: ref, problem });
    const definition = checkedDefinition(input);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ survey, record, entitlements }) => {
      const repo = survey.forOrg(access.orgId);
      const versions = await repo.versions(input.key);
      const same = versions.find((v) => v.version === input.version);
      if (same) {
        if (same.contentHash !== input.contentHash) throw refuse('that version here has other content');
        if (same.status === 'draft') throw refuse('that version is a draft here: publish it first');
        await record({
          action: 'survey.unchanged',
          targetType: 'survey',
          targetId: same.id,
          details: { source: 'sync', origin: { ...input.origin } },
        });
        return { ...summaryDto(same), outcome: 'unchanged' as const };
      }
      const latest = versions[0];
      if (latest && latest.version > input.version)
        throw refuse(`version ${latest.version} is here and version ${input.version} is not`);
      if ((latest?.version ?? 0) !== input.version - 1)
        throw refuse(`version ${input.version - 1} is not here: it comes first`);
      if (latest?.status === 'draft') throw refuse(`version ${latest.version} is a draft here`);
      const created: SurveyRecord = {
        id: newId(),
        key: input.key,
        version: input.version,
        status: 'draft',
        definition,
        contentHash: input.contentHash,
        createdAt: now,
        publishedAt: null,
        closedAt: null,
      };
      await repo.insert(created, access.actor.label);
      await record({
        action: 'survey.created',
        targetType: 'survey',
        targetId: created.id,
        details: {
          survey: created.key,
          version: created.version,
          source: 'sync',
          origin: { ...input.origin },
          questions: definition.questions.length,
        },
      });
      if (input.status === 'published') {
        for (const other of versions) {
          if (other.status === 'published') await repo.setStatus(other.id, 'closed', now);
        }
        await entitlements.reserve(access.orgId, 'active_surveys');
      }
      await repo.setStatus(created.id, input.status, now);
      await record({
        action: `survey.${input.status}`,
        targetType: 'survey',
        targetId: created.id,
        details: { survey: surveyRef(created), source: 'sync' },
      });
      return {
        ...summaryDto({
          ...created,
          status: input.status,
          ...(input.status === 'published' ? { publishedAt: now } : { closedAt: now }),
        }),
        outcome: 'created' as const,
      };
    });
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** One received response checked against this side's survey version, as rows to store. */
function checkedResponse(found: SurveyRecord, r: SyncedResponse) {
  const { definition } = found;
  const where = `response ${String(r.id)} of ${surveyRef(found)}`;
  const bad = (problem: string) => SURVEY_ERRORS.badAnswer({ where, problem });
  if (typeof r.id !== 'string' || !ID.test(r.id)) throw bad('not a response id');
  if (typeof r.day !== 'string' || !DAY.test(r.day) || Number.isNaN(Date.parse(`${r.day}T00:00:00Z`)))
    throw bad('its day is not YYYY-MM-DD');
  if (!definition.languages.includes(r.language)) throw bad(`language ${String(r.language)} is not the survey's`);
  let at: Date | null = null;
  let email: string | null = null;
  if (definition.anonymous) {
    if (r.email !== null) throw bad("an anonymous survey's response carries no email");
    if (r.submittedAt !== null) throw bad("an anonymous survey's response carries no time, only its day");
  } else {
    if (r.email !== null) {
      if (typeof r.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(r.email) || r.email.length > 254)
        throw bad('its email is not an email address');
      email = r.email.trim().toLowerCase();
    }
    if (r.submittedAt !== null) {
      at = new Date(String(r.submittedAt));
      if (Number.isNaN(at.getTime())) throw bad('its time of submission is not a time');
    }
  }
  const raw = r.answers;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('no answers');
  const unknown = Object.keys(raw).filter((id) => !definition.questions.some((q) => q.id === id));
  if (unknown.length > 0) throw bad(`no question ${unknown.join(', ')} in this survey`);
  const answers = new Map<string, SurveyAnswer>();
  const rows: AnswerRow[] = [];
  for (const question of definition.questions) {
    if (!(question.id in raw)) continue;
    const value = raw[question.id] as SurveyAnswer;
    if (!isShown(question, answers)) throw bad(`answers ${question.id}, which its other answers do not ask`);
    const issue = answerValueIssue(question, value);
    if (issue) throw bad(`${question.id}: expected ${issue}`);
    answers.set(question.id, value);
    for (const a of toRows(question, value)) rows.push({ questionId: question.id, ...a });
  }
  const missing = missingRequired(definition, answers);
  if (missing.length > 0) throw bad(`required and not answered: ${missing.map((q) => q.id).join(', ')}`);
  return { id: r.id, email, language: r.language, day: r.day, at, answers: rows };
}

/**
 * Submitted responses that sync brings from another database, into the same
 * survey version here (same key, version and content hash): every answer is
 * checked as `survey respond` checks it, then all are stored and counted in
 * one transaction, or none. A response already here is refused (responses
 * never change). Each named response is audited as `sync.received`, naming
 * the origin; an anonymous survey's batch gets one entry with the count, as an
 * import does, so no entry is ever written per anonymous response.
 */
export function receiveResponses(deps: SurveySyncDeps) {
  return async (principal: Principal, input: ReceiveResponsesInput) => {
    const access = allow(principal, 'survey.run');
    const found = await findSurvey(deps.uow.read.forOrg(access.orgId), input.survey);
    const ref = surveyRef(found);
    if (ref !== input.survey) throw SURVEY_ERRORS.notFound({ survey: input.survey });
    if (found.contentHash !== input.contentHash)
      throw SURVEY_ERRORS.syncVersion({ survey: ref, problem: 'that version here has other content' });
    if (found.status === 'draft')
      throw SURVEY_ERRORS.badStatus({
        survey: ref,
        status: found.status,
        action: 'sync',
        needed: 'published or closed',
      });
    const responses = input.responses.map((r) => checkedResponse(found, r));
    const ids = new Set<string>();
    for (const r of responses) {
      if (ids.has(r.id)) throw SURVEY_ERRORS.responseExists({ id: r.id, survey: ref });
      ids.add(r.id);
    }
    if (responses.length === 0) return { survey: ref, applied: 0 };
    return access.change(deps.syncUow, async ({ survey, surveySync, record }) => {
      const known = await surveySync.forOrg(access.orgId).known([...ids]);
      const first = [...known][0];
      if (first !== undefined) throw SURVEY_ERRORS.responseExists({ id: first, survey: ref });
      await survey.forOrg(access.orgId).addSubmitted(found.id, responses, groupingQuestions(found.definition));
      if (found.definition.anonymous) {
        await record({
          action: 'sync.received',
          targetType: 'survey',
          targetId: found.id,
          details: { survey: ref, responses: responses.length, origin: { ...input.origin } },
        });
      } else {
        for (const r of input.responses) {
          await record({
            action: 'sync.received',
            targetType: 'survey',
            targetId: found.id,
            details: {
              record: `survey-response:${ref}:${r.id}`,
              origin: { ...input.origin },
              by: r.email,
              at: r.submittedAt ?? r.day,
              value: { language: r.language, day: r.day, answers: r.answers },
            },
          });
        }
      }
      return { survey: ref, applied: responses.length };
    });
  };
}
