import type { AnswerValue } from '../domain/answer.js';
import { askStates } from '../domain/asking.js';
import type { Catalog } from '../domain/catalog.js';
import { findNamed, nameIndex, type QuestionOfFramework } from '../domain/question-ref.js';
import { flattenQuestionnaire, type QuestionnaireItem } from '../domain/questionnaire.js';
import { prepareCatalog } from '../domain/scoring.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AppError } from '../../../kernel/app-error.js';
import type { ApplicabilityDecision } from '../domain/applicability.js';
import type { AssessmentRecord, AssessmentStore, FrameworkSummary, StoredAnswer } from './ports.js';

export interface LoadedAssessment {
  readonly record: AssessmentRecord;
  readonly frameworks: readonly { readonly summary: FrameworkSummary; readonly catalog: Catalog }[];
  readonly answers: readonly StoredAnswer[];
  /** The Statement of Applicability's decisions (requirements nobody decided on apply). */
  readonly applicability: readonly ApplicabilityDecision[];
}

export function assessmentNotFound(id: string): AppError {
  return ASSESSMENT_ERRORS.notFound({ id });
}

/** An assessment of the organisation with its framework versions and answers. */
export async function loadAssessment(store: AssessmentStore, orgId: string, id: string): Promise<LoadedAssessment> {
  const record = await store.assessments(orgId).get(id);
  if (!record) throw assessmentNotFound(id);
  const frameworks = store.frameworks(orgId);
  const loaded = await Promise.all(
    record.frameworkIds.map(async (fid) => {
      const summary = await frameworks.byId(fid);
      if (!summary) {
        throw ASSESSMENT_ERRORS.frameworkNotFound({
          problem: `framework version ${fid} of assessment ${id} is missing`,
        });
      }
      return { summary, catalog: await frameworks.load(fid) };
    }),
  );
  const [answers, applicability] = await Promise.all([
    store.assessments(orgId).answers(id),
    store.applicability(orgId).list(id),
  ]);
  return { record, frameworks: loaded, answers, applicability };
}

export const answerKey = (frameworkId: string, questionId: string) => `${frameworkId}\u0000${questionId}`;

export interface QuestionState extends QuestionnaireItem {
  readonly asked: boolean;
  readonly answer: StoredAnswer | undefined;
}

/** The questionnaire of an assessment with each question's answer and whether it is asked. */
export function questionStates(loaded: LoadedAssessment): QuestionState[] {
  const answers = new Map(loaded.answers.map((a) => [answerKey(a.frameworkId, a.questionId), a]));
  return loaded.frameworks.flatMap(({ summary, catalog }) => {
    const values = new Map<string, AnswerValue>();
    for (const a of loaded.answers) if (a.frameworkId === summary.id) values.set(a.questionId, a.value);
    const askState = askStates(values, prepareCatalog(catalog).questionsById);
    return flattenQuestionnaire(summary.id, catalog, loaded.record.scope).map((item) => ({
      ...item,
      asked: askState(item.question) === 'asked',
      answer: answers.get(answerKey(summary.id, item.question.id)),
    }));
  });
}

const named = (item: QuestionnaireItem): QuestionOfFramework => ({
  frameworkKey: item.frameworkKey,
  questionId: item.question.id,
});

/** Looks questions up by `QID` or `framework:QID`; built once for many lookups. */
export function questionFinder(states: readonly QuestionState[]): (ref: string) => QuestionState {
  return nameIndex(states, named);
}

/**
 * Finds a question by `QID` or `framework:QID` (needed when two frameworks of
 * the assessment share a question id).
 */
export function findQuestion(states: readonly QuestionState[], ref: string): QuestionState {
  return findNamed(states, named, ref);
}

/**
 * The question `ref` names in the assessment's scope, with its stored answer,
 * without working out which of the other questions are asked: what a use case
 * that records one answer needs.
 */
export function locateQuestion(
  loaded: LoadedAssessment,
  ref: string,
): QuestionnaireItem & { readonly answer: StoredAnswer | undefined } {
  const items = loaded.frameworks.flatMap(({ summary, catalog }) =>
    flattenQuestionnaire(summary.id, catalog, loaded.record.scope),
  );
  const item = findNamed(items, named, ref);
  const answer = loaded.answers.find((a) => a.frameworkId === item.frameworkId && a.questionId === item.question.id);
  return { ...item, answer };
}
