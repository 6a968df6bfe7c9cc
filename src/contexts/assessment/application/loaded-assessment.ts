import { AppError } from '../../../kernel/app-error.js';
import type { AnswerValue } from '../domain/answer.js';
import type { Catalog } from '../domain/catalog.js';
import { flattenQuestionnaire, type QuestionnaireItem } from '../domain/questionnaire.js';
import { isAsked, prepareCatalog } from '../domain/scoring.js';
import type { AssessmentRecord, AssessmentStore, FrameworkSummary, StoredAnswer } from './ports.js';

export interface LoadedAssessment {
  readonly record: AssessmentRecord;
  readonly frameworks: readonly { readonly summary: FrameworkSummary; readonly catalog: Catalog }[];
  readonly answers: readonly StoredAnswer[];
}

export function assessmentNotFound(id: string): AppError {
  return new AppError(
    'not-found',
    'ASSESSMENT.NOT_FOUND',
    `no assessment ${id} in this organisation`,
    'run `renfe assessment list`',
  );
}

/** An assessment of the organisation with its framework versions and answers. */
export async function loadAssessment(store: AssessmentStore, orgId: string, id: string): Promise<LoadedAssessment> {
  const record = await store.assessments(orgId).get(id);
  if (!record) throw assessmentNotFound(id);
  const frameworks = store.frameworks(orgId);
  const loaded = await Promise.all(
    record.frameworkIds.map(async (fid) => {
      const summary = await frameworks.byId(fid);
      if (!summary)
        throw new AppError(
          'not-found',
          'FRAMEWORK.NOT_FOUND',
          `framework version ${fid} of assessment ${id} is missing`,
        );
      return { summary, catalog: await frameworks.load(fid) };
    }),
  );
  return { record, frameworks: loaded, answers: await store.assessments(orgId).answers(id) };
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
    const { questionsById } = prepareCatalog(catalog);
    return flattenQuestionnaire(summary.id, catalog, loaded.record.scope).map((item) => ({
      ...item,
      asked: isAsked(item.question, values, questionsById),
      answer: answers.get(answerKey(summary.id, item.question.id)),
    }));
  });
}

const refersTo = (item: QuestionnaireItem, ref: string) =>
  item.question.id === ref || `${item.frameworkKey}:${item.question.id}` === ref;

/** The one match of `ref`, or the error for none or several. */
function theOne<T>(matches: readonly T[], ref: string): T {
  if (matches.length === 0) {
    throw new AppError(
      'not-found',
      'QUESTION.NOT_FOUND',
      `no question ${ref} in this assessment`,
      'see `renfe assessment show <id> --questions`',
    );
  }
  if (matches.length > 1) {
    throw new AppError(
      'invalid-input',
      'QUESTION.AMBIGUOUS',
      `question ${ref} exists in several frameworks`,
      `write it as <framework>:${ref}`,
    );
  }
  return matches[0] as T;
}

/** Looks questions up by `QID` or `framework:QID`; built once for many lookups. */
export function questionFinder(states: readonly QuestionState[]): (ref: string) => QuestionState {
  const byRef = new Map<string, QuestionState[]>();
  for (const s of states) {
    for (const key of [s.question.id, `${s.frameworkKey}:${s.question.id}`]) {
      const list = byRef.get(key);
      if (list) list.push(s);
      else byRef.set(key, [s]);
    }
  }
  return (ref) => theOne(byRef.get(ref) ?? [], ref);
}

/**
 * Finds a question by `QID` or `framework:QID` (needed when two frameworks of
 * the assessment share a question id).
 */
export function findQuestion(states: readonly QuestionState[], ref: string): QuestionState {
  return theOne(
    states.filter((s) => refersTo(s, ref)),
    ref,
  );
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
  const matches = loaded.frameworks.flatMap(({ summary, catalog }) =>
    flattenQuestionnaire(summary.id, catalog, loaded.record.scope).filter((item) => refersTo(item, ref)),
  );
  const item = theOne(matches, ref);
  const answer = loaded.answers.find((a) => a.frameworkId === item.frameworkId && a.questionId === item.question.id);
  return { ...item, answer };
}
