import type { AnswerValue } from '../domain/answer.js';
import { displayAnswer } from '../domain/answer-labels.js';
import { type AskState, askStates } from '../domain/asking.js';
import type { Catalog, Question } from '../domain/catalog.js';
import { findNamed, nameIndex, type QuestionOfFramework } from '../domain/question-ref.js';
import { flattenQuestionnaire, type QuestionnaireItem } from '../domain/questionnaire.js';
import { prepareCatalog } from '../domain/scoring.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AppError } from '../../../kernel/app-error.js';
import { type ApplicabilityDecision, excludedRequirements } from '../domain/applicability.js';
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
  /**
   * Whether the Statement of Applicability excludes its requirement: scoring
   * takes its asked questions as answered N/A, so they count as answered for
   * progress and the questionnaire does not ask them (docs/scoring.md).
   */
  readonly excluded: boolean;
}

/** The questionnaire of an assessment with each question's answer, whether it is asked and whether it is excluded. */
export function questionStates(loaded: LoadedAssessment): QuestionState[] {
  const answers = new Map(loaded.answers.map((a) => [answerKey(a.frameworkId, a.questionId), a]));
  return loaded.frameworks.flatMap(({ summary, catalog }) => {
    const values = new Map<string, AnswerValue>();
    for (const a of loaded.answers) if (a.frameworkId === summary.id) values.set(a.questionId, a.value);
    const askState = askStates(values, prepareCatalog(catalog).questionsById);
    const excluded = excludedRequirements(loaded.applicability, summary.id);
    return flattenQuestionnaire(summary.id, catalog, loaded.record.scope).map((item) => ({
      ...item,
      asked: askState(item.question) === 'asked',
      answer: answers.get(answerKey(summary.id, item.question.id)),
      excluded: excluded.has(item.requirement.id),
    }));
  });
}

/** Whether a question counts as answered for progress: answered, or asked under an excluded requirement. */
export const countsAsAnswered = (s: QuestionState): boolean => s.asked && (s.answer !== undefined || s.excluded);

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

/** An answer about to be recorded (`null` clears it). */
export interface GivenAnswer {
  readonly frameworkId: string;
  readonly questionId: string;
  readonly value: AnswerValue | null;
}

/** The stored answers of one framework version with `given` applied over them. */
function valuesWith(loaded: LoadedAssessment, frameworkId: string, given: readonly GivenAnswer[]) {
  const values = new Map<string, AnswerValue>();
  for (const a of loaded.answers) if (a.frameworkId === frameworkId) values.set(a.questionId, a.value);
  for (const g of given) {
    if (g.frameworkId !== frameworkId) continue;
    if (g.value === null) values.delete(g.questionId);
    else values.set(g.questionId, g.value);
  }
  return values;
}

/**
 * The first of `given` that gives a value to a follow-up not asked under its
 * condition, with the stored answers and the given ones together, and why in
 * words; undefined when every value is for a question that is asked. The use
 * cases that record answers refuse such a value: it would be stored for a
 * question nobody is asked, and scoring would ignore it.
 */
export function firstNotAsked<T extends GivenAnswer>(
  loaded: LoadedAssessment,
  given: readonly T[],
): { readonly given: T; readonly follows: string; readonly reason: string } | undefined {
  for (const { summary, catalog } of loaded.frameworks) {
    const mine = given.filter((g) => g.frameworkId === summary.id && g.value !== null);
    if (mine.length === 0) continue;
    const values = valuesWith(loaded, summary.id, given);
    const { questionsById } = prepareCatalog(catalog);
    const stateOf = askStates(values, questionsById);
    const fallback = catalog.languages[0] ?? 'en';
    for (const g of mine) {
      const question = questionsById.get(g.questionId);
      if (!question?.when || stateOf(question) === 'asked') continue;
      return {
        given: g,
        follows: question.when.question,
        reason: whyNotAsked(question.when, questionsById, values, stateOf, fallback),
      };
    }
  }
  return undefined;
}

/**
 * The follow-ups with a stored answer that `change` takes from asked to not
 * asked (or to waiting for an answer it clears), by id. Their answers stay
 * stored and are ignored by scoring until the condition holds again.
 */
export function followUpsDropped(loaded: LoadedAssessment, change: GivenAnswer): string[] {
  const framework = loaded.frameworks.find((f) => f.summary.id === change.frameworkId);
  if (!framework) return [];
  const { questionsById } = prepareCatalog(framework.catalog);
  const before = askStates(valuesWith(loaded, change.frameworkId, []), questionsById);
  const after = askStates(valuesWith(loaded, change.frameworkId, [change]), questionsById);
  return loaded.answers
    .filter((a) => a.frameworkId === change.frameworkId && a.questionId !== change.questionId)
    .map((a) => questionsById.get(a.questionId))
    .filter((q): q is Question => q?.when !== undefined && before(q) === 'asked' && after(q) !== 'asked')
    .map((q) => q.id);
}

/** Why a follow-up is not asked, in words: the answer it follows up and the values that ask it. */
function whyNotAsked(
  when: NonNullable<Question['when']>,
  questionsById: ReadonlyMap<string, Question>,
  values: ReadonlyMap<string, AnswerValue>,
  stateOf: (question: Question) => AskState,
  fallback: string,
): string {
  const named = questionsById.get(when.question);
  if (!named) return `it follows up ${when.question}, which the framework does not have`;
  if (named.when && stateOf(named) !== 'asked') return `it follows up ${when.question}, which is not asked either`;
  const words = when.in.map((v) => displayAnswer(named, parseStored(v), 'en', fallback));
  const wanted = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  const value = values.get(when.question);
  return `it is asked only when ${when.question} is ${wanted}, and ${when.question} ${
    value === undefined ? 'has no answer' : `is ${displayAnswer(named, value, 'en', fallback)}`
  }`;
}

/** A condition value as an answer value (maturity levels are numbers). */
const parseStored = (v: string): AnswerValue => (/^\d+$/.test(v) ? Number(v) : v);
