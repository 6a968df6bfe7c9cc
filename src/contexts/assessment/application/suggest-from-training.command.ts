import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type AnswerValue, parseAnswer } from '../domain/answer.js';
import { localize } from '../domain/catalog.js';
import { questionRef } from '../domain/question-ref.js';
import { assertEditable } from '../domain/status.js';
import { AWARENESS_QUESTIONS, suggestedValue } from '../domain/training-suggestion.js';
import { answerQuestion } from './answer-question.command.js';
import { answerKey, loadAssessment, type LoadedAssessment, questionStates } from './loaded-assessment.js';
import type { StoredAnswer } from './ports.js';
import type { SuggestDeps, TrainingEvidenceView } from './training-evidence.port.js';

/**
 * What recording a suggestion would do: fill an unanswered question, replace a
 * different answer (only when asked to), keep a different answer, or nothing
 * (the answer already says the same).
 */
export type SuggestionAction = 'record' | 'replace' | 'keep' | 'same';

export interface TrainingSuggestion {
  /** `framework:QID` */
  readonly question: string;
  readonly framework: string;
  readonly requirement: string;
  readonly type: string;
  readonly text: string;
  readonly current: AnswerValue | null;
  readonly suggested: AnswerValue;
  readonly action: SuggestionAction;
  /** In words: the figures the suggestion comes from. */
  readonly why: string;
  /** The note stored with the answer when it is recorded. */
  readonly note: string;
  readonly evidence: TrainingEvidenceView;
}

export interface TrainingSuggestions {
  readonly assessment: string;
  readonly suggestions: readonly TrainingSuggestion[];
  /** Awareness questions of the assessment with no suggestion, and why. */
  readonly skipped: readonly { readonly question: string; readonly reason: string }[];
}

const pct = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)} %`);

function because(e: TrainingEvidenceView): string {
  const last = e.lastCompletedAt ? `; latest completion ${e.lastCompletedAt.slice(0, 10)}` : '; no completion yet';
  return `${pct(e.completionRate)} of ${e.assigned} assignments completed, ${pct(e.passRate)} passed (${e.courses.join(', ')})${last}; as of ${e.asOf.slice(0, 10)}`;
}

const same = (a: AnswerValue | null, b: AnswerValue) => JSON.stringify(a) === JSON.stringify(b);

async function gather(
  deps: SuggestDeps,
  principal: Principal,
  loaded: LoadedAssessment,
  overwrite: boolean,
  lang: string,
): Promise<TrainingSuggestions> {
  const wanted = new Set(AWARENESS_QUESTIONS);
  const states = questionStates(loaded).filter((s) => wanted.has(questionRef(s.frameworkKey, s.question.id)));
  const requirements = [...new Set(states.map((s) => `${s.frameworkKey}:${s.requirement.id}`))];
  const evidence = new Map(
    (requirements.length ? await deps.training(principal, requirements) : []).map((e) => [e.requirement, e]),
  );
  const suggestions: TrainingSuggestion[] = [];
  const skipped: { question: string; reason: string }[] = [];
  for (const s of states) {
    const question = questionRef(s.frameworkKey, s.question.id);
    const requirement = `${s.frameworkKey}:${s.requirement.id}`;
    const e = evidence.get(requirement);
    if (!e) {
      skipped.push({ question, reason: `no course is linked to ${requirement}` });
      continue;
    }
    if (e.completionRate === null) {
      skipped.push({
        question,
        reason: `nobody is assigned the courses linked to ${requirement} (${e.courses.join(', ')})`,
      });
      continue;
    }
    const value = suggestedValue(s.question, e.completionRate);
    if (value === null) {
      skipped.push({ question, reason: `a ${s.question.type} question has no answer from training figures` });
      continue;
    }
    const suggested = parseAnswer(s.question, value);
    const current = s.answer?.value ?? null;
    const action: SuggestionAction =
      current === null ? 'record' : same(current, suggested) ? 'same' : overwrite ? 'replace' : 'keep';
    const why = because(e);
    suggestions.push({
      question,
      framework: s.frameworkKey,
      requirement,
      type: s.question.type,
      text: localize(s.question.text, lang, 'en'),
      current,
      suggested,
      action,
      why,
      note: `From training records: ${why}.`,
      evidence: e,
    });
  }
  // A conditional question is suggested only when the answers, once recorded, ask it.
  const byKey = new Map(loaded.answers.map((a) => [answerKey(a.frameworkId, a.questionId), a]));
  for (const s of suggestions) {
    if (s.action !== 'record' && s.action !== 'replace') continue;
    const state = states.find((x) => questionRef(x.frameworkKey, x.question.id) === s.question);
    if (!state) continue;
    const answer: StoredAnswer = {
      frameworkId: state.frameworkId,
      questionId: state.question.id,
      value: s.suggested,
      note: s.note,
      answeredBy: '',
      answeredAt: new Date(0),
    };
    byKey.set(answerKey(state.frameworkId, state.question.id), answer);
  }
  const after = questionStates({ ...loaded, answers: [...byKey.values()] });
  const asked = new Set(after.filter((s) => s.asked).map((s) => questionRef(s.frameworkKey, s.question.id)));
  const shown = suggestions.filter((s) => asked.has(s.question));
  for (const s of suggestions)
    if (!asked.has(s.question))
      skipped.push({ question: s.question, reason: 'not asked, given the answers to the questions it depends on' });
  return { assessment: loaded.record.id, suggestions: shown, skipped };
}

/**
 * Suggested answers to the assessment's awareness questions from training
 * records (the completion rate of the courses linked to each question's
 * requirement). Nothing is stored: `applyTrainingSuggestions` records them.
 */
export function suggestFromTraining(deps: SuggestDeps) {
  return async (
    principal: Principal,
    input: { assessmentId: string; overwrite?: boolean | undefined; lang?: string | undefined },
  ): Promise<TrainingSuggestions> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, input.assessmentId);
    return gather(deps, principal, loaded, input.overwrite ?? false, input.lang ?? 'en');
  };
}

export interface AppliedSuggestions extends TrainingSuggestions {
  /** The questions whose answers were recorded (or replaced), in order. */
  readonly applied: readonly string[];
}

/**
 * Records the suggestions the consultant confirmed, each through the answer
 * use case (its own transaction and audit entry, the note saying where it
 * came from), then one audit entry that lists them. Answers that differ are
 * kept unless `overwrite`.
 */
export function applyTrainingSuggestions(deps: SuggestDeps) {
  const answer = answerQuestion(deps);
  return async (
    principal: Principal,
    input: { assessmentId: string; overwrite?: boolean | undefined; lang?: string | undefined },
  ): Promise<AppliedSuggestions> => {
    const access = allow(principal, 'assessment.write');
    const loaded = await loadAssessment(deps.uow.read, access.orgId, input.assessmentId);
    assertEditable(loaded.record);
    const found = await gather(deps, principal, loaded, input.overwrite ?? false, input.lang ?? 'en');
    const applied: string[] = [];
    for (const s of found.suggestions) {
      if (s.action !== 'record' && s.action !== 'replace') continue;
      await answer(principal, {
        assessmentId: loaded.record.id,
        question: s.question,
        value: s.suggested,
        note: s.note,
      });
      applied.push(s.question);
    }
    if (applied.length) {
      await access.change(deps.uow, async ({ record }) => {
        await record({
          action: 'assessment.suggestions_applied',
          targetType: 'assessment',
          targetId: loaded.record.id,
          details: {
            source: 'training',
            answers: found.suggestions
              .filter((s) => applied.includes(s.question))
              .map((s) => ({ question: s.question, value: s.suggested, previous: s.current, why: s.why })),
          },
        });
      });
    }
    return { ...found, applied };
  };
}
