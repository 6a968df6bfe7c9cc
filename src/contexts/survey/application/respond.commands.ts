import { createHash, randomInt } from 'node:crypto';
import { newId } from '../../../kernel/ids.js';
import type { AuditActor } from '../../audit/index.js';
import { fromRows, toRows } from '../domain/answer-rows.js';
import {
  answerValueIssue,
  groupingQuestions,
  isShown,
  localize,
  missingRequired,
  type SurveyAnswer,
  type SurveyDefinition,
  type SurveyQuestion,
} from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import { tokenHash } from './invite.command.js';
import type { ResponseRecord, SurveyDeps, SurveyRecord, SurveyTransaction } from './ports.js';
import { surveyRef } from './survey-lookup.js';
import { acrossTenants } from '../../../kernel/tenant-scope.js';

export interface OpenedSurvey {
  readonly survey: string;
  readonly definition: SurveyDefinition;
  readonly language: string;
  readonly seed: number;
  readonly anonymous: boolean;
  readonly answers: ReadonlyMap<string, SurveyAnswer>;
}

const resumeKey = (token: string) => createHash('sha256').update(`resume:${token}`).digest('hex');
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The token's survey and response; one answer for every failure, so tokens cannot be probed. */
async function redeem(
  tx: SurveyTransaction,
  token: string,
  now: Date,
  language: string | undefined,
  start: boolean,
): Promise<{ survey: SurveyRecord; response: ResponseRecord; orgId: string; invitationId: string } | null> {
  const invitation = await tx.survey.tokens.invitation(tokenHash(token));
  if (!invitation || invitation.used || invitation.expiresAt <= now) return null;
  const survey = await tx.survey.tokens.survey(invitation.orgId, invitation.surveyId);
  if (!survey || survey.status !== 'published') return null;
  const key = resumeKey(token);
  let response = await tx.survey.tokens.responseByResumeKey(key);
  if (!response && start) {
    const named = !survey.definition.anonymous;
    const lang =
      language && survey.definition.languages.includes(language) ? language : (survey.definition.languages[0] ?? 'en');
    const row = {
      id: newId(),
      orgId: invitation.orgId,
      surveyId: survey.id,
      resumeKey: key,
      invitationId: named ? invitation.id : null,
      email: named ? invitation.email : null,
      language: lang,
      seed: randomInt(0, 2 ** 31 - 1),
      day: day(now),
    };
    await tx.survey.tokens.startResponse(row);
    await tx.survey.tokens.markOpened(invitation.id, named ? now : null);
    response = { id: row.id, surveyId: survey.id, status: 'in_progress', language: lang, seed: row.seed };
  }
  if (!response) return null;
  return { survey, response, orgId: invitation.orgId, invitationId: invitation.id };
}

async function answersOf(tx: SurveyTransaction, definition: SurveyDefinition, responseId: string) {
  const rows = await tx.survey.tokens.answers(responseId);
  const answers = new Map<string, SurveyAnswer>();
  for (const question of definition.questions) {
    const value = fromRows(
      question,
      rows.filter((r) => r.questionId === question.id),
    );
    if (value !== undefined) answers.set(question.id, value);
  }
  return answers;
}

function checkAnswer(
  definition: SurveyDefinition,
  answers: ReadonlyMap<string, SurveyAnswer>,
  questionId: string,
  value: unknown,
  lang: string,
): SurveyQuestion {
  const question = definition.questions.find((q) => q.id === questionId);
  if (!question) throw SURVEY_ERRORS.badAnswer({ where: questionId, problem: 'no such question in this survey' });
  if (!isShown(question, answers)) {
    throw SURVEY_ERRORS.badAnswer({
      where: questionId,
      problem: `not asked: it depends on the answer to ${question.when?.question}`,
    });
  }
  const issue = answerValueIssue(question, value);
  if (issue)
    throw SURVEY_ERRORS.badAnswer({
      where: `${questionId} (${localize(question.text, lang).slice(0, 60)})`,
      problem: `expected ${issue}`,
    });
  return question;
}

const RESPONDENT: AuditActor = { type: 'anonymous', id: null, label: 'survey respondent' };

async function finish(
  tx: SurveyTransaction,
  opened: { survey: SurveyRecord; response: ResponseRecord; orgId: string; invitationId: string },
  answers: ReadonlyMap<string, SurveyAnswer>,
  now: Date,
) {
  const { definition } = opened.survey;
  const missing = missingRequired(definition, answers);
  if (missing.length > 0) {
    throw SURVEY_ERRORS.badAnswer({
      where: missing.map((q) => q.id).join(', '),
      problem: `required and not answered yet (${missing.length})`,
    });
  }
  // Answers to questions no longer shown (an earlier answer changed) are not kept.
  for (const question of definition.questions) {
    if (answers.has(question.id) && !isShown(question, answers)) {
      await tx.survey.tokens.saveAnswer(opened.orgId, opened.survey.id, opened.response.id, question.id, []);
    }
  }
  const named = !definition.anonymous;
  await tx.survey.tokens.submit(opened.response.id, day(now), named ? now : null, groupingQuestions(definition));
  await tx.survey.tokens.markUsed(opened.invitationId, named ? now : null);
  // An anonymous response leaves no audit entry: its time to the second would undo the anonymity.
  if (named) {
    await tx.audit.chain(opened.orgId).append(RESPONDENT, {
      action: 'survey.response.submitted',
      targetType: 'survey',
      targetId: opened.survey.id,
      details: { survey: surveyRef(opened.survey), response: opened.response.id },
    });
  }
  return { survey: surveyRef(opened.survey), answered: answers.size };
}

/** Opens (or resumes) the survey behind a token. */
export function openSurvey(deps: SurveyDeps) {
  return acrossTenants('one-time-link', (token: string, language?: string): Promise<OpenedSurvey> =>
    deps.uow.run(async (tx) => {
      const opened = await redeem(tx, token.trim(), deps.clock.now(), language, true);
      if (!opened) throw SURVEY_ERRORS.badToken();
      return {
        survey: surveyRef(opened.survey),
        definition: opened.survey.definition,
        language: opened.response.language,
        seed: opened.response.seed,
        anonymous: opened.survey.definition.anonymous,
        answers: await answersOf(tx, opened.survey.definition, opened.response.id),
      };
    }),
  );
}

/** Saves one answer at once (a crash loses nothing given before it). */
export function answerSurvey(deps: SurveyDeps) {
  return acrossTenants('one-time-link', (token: string, questionId: string, value: SurveyAnswer): Promise<void> =>
    deps.uow.run(async (tx) => {
      const opened = await redeem(tx, token.trim(), deps.clock.now(), undefined, false);
      if (!opened) throw SURVEY_ERRORS.badToken();
      const answers = await answersOf(tx, opened.survey.definition, opened.response.id);
      const question = checkAnswer(opened.survey.definition, answers, questionId, value, opened.response.language);
      await tx.survey.tokens.saveAnswer(
        opened.orgId,
        opened.survey.id,
        opened.response.id,
        questionId,
        toRows(question, value),
      );
    }),
  );
}

export function submitSurvey(deps: SurveyDeps) {
  return acrossTenants('one-time-link', (token: string) =>
    deps.uow.run(async (tx) => {
      const now = deps.clock.now();
      const opened = await redeem(tx, token.trim(), now, undefined, false);
      if (!opened) throw SURVEY_ERRORS.badToken();
      return finish(tx, opened, await answersOf(tx, opened.survey.definition, opened.response.id), now);
    }),
  );
}

/** `survey respond <token> --answers file.json`: every answer checked, then all saved and submitted, or nothing. */
export function respondToSurvey(deps: SurveyDeps) {
  return acrossTenants('one-time-link', (token: string, raw: Readonly<Record<string, unknown>>, language?: string) =>
    deps.uow.run(async (tx) => {
      const now = deps.clock.now();
      const opened = await redeem(tx, token.trim(), now, language, true);
      if (!opened) throw SURVEY_ERRORS.badToken();
      const { definition } = opened.survey;
      const answers = new Map<string, SurveyAnswer>();
      // In survey order, so a condition sees the answers before it.
      for (const question of definition.questions) {
        if (!(question.id in raw)) continue;
        const value = raw[question.id] as SurveyAnswer;
        checkAnswer(definition, answers, question.id, value, opened.response.language);
        answers.set(question.id, value);
      }
      const unknown = Object.keys(raw).filter((id) => !definition.questions.some((q) => q.id === id));
      if (unknown.length > 0)
        throw SURVEY_ERRORS.badAnswer({ where: unknown.join(', '), problem: 'no such question in this survey' });
      for (const [id, value] of answers) {
        const question = definition.questions.find((q) => q.id === id) as SurveyQuestion;
        await tx.survey.tokens.saveAnswer(
          opened.orgId,
          opened.survey.id,
          opened.response.id,
          id,
          toRows(question, value),
        );
      }
      return finish(tx, opened, answers, now);
    }),
  );
}
