import { randomInt } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import {
  answerIssue,
  type CourseDefinition,
  drawQuestions,
  isCorrect,
  localize,
  type QuizAnswer,
  type QuizQuestion,
  scoreOf,
} from '../domain/course.js';
import { TRAINING_ERRORS } from '../errors.js';
import { courseRef, dayOf, findCourse, parseDay, userIdOf } from './course-lookup.js';
import { attemptDto } from './training.queries.js';
import type { AttemptRecord, CourseRecord, TrainingDeps, TrainingRepository } from './ports.js';

const langOf = (d: CourseDefinition, lang: string | undefined) =>
  lang && d.languages.includes(lang) ? lang : (d.languages[0] ?? 'en');

async function assignedCourse(repo: TrainingRepository, userId: string, ref: string, today: string) {
  const course = await findCourse(repo, ref.replace(/@\d+$/, ''));
  const rows = await repo.due({ userId, courseKey: course.key, today });
  if (rows.length === 0) throw TRAINING_ERRORS.notAssigned({ course: course.key });
  return course;
}

function questionsOf(course: CourseRecord, attempt: AttemptRecord): QuizQuestion[] {
  const pool = new Map(course.definition.quiz.questions.map((q) => [q.id, q]));
  return attempt.questions.map((id) => pool.get(id)).filter((q): q is QuizQuestion => q !== undefined);
}

export interface QuizResultDto {
  readonly attempt: string;
  readonly course: string;
  readonly version: number;
  readonly score: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly attemptsUsed: number;
  readonly attemptsAllowed: number | null;
  readonly questions: readonly {
    id: string;
    text: string;
    correct: boolean;
    answer: readonly string[];
    rightAnswer: readonly string[];
    explanation: string;
  }[];
}

function resultDto(
  course: CourseRecord,
  attemptId: string,
  questions: readonly QuizQuestion[],
  answers: ReadonlyMap<string, QuizAnswer>,
  lang: string,
  used: number,
): QuizResultDto {
  const score = scoreOf(questions, answers);
  const q = course.definition.quiz;
  const label = (question: QuizQuestion, ids: readonly string[]) =>
    ids.map((id) => localize(question.options.find((o) => o.id === id)?.text, lang));
  return {
    attempt: attemptId,
    course: course.key,
    version: course.version,
    score,
    passMark: q.passMark,
    passed: score >= q.passMark,
    attemptsUsed: used,
    attemptsAllowed: q.attempts,
    questions: questions.map((question) => ({
      id: question.id,
      text: localize(question.text, lang),
      correct: isCorrect(question, answers.get(question.id) ?? []),
      answer: label(question, answers.get(question.id) ?? []),
      rightAnswer: label(question, question.correct),
      explanation: localize(question.explanation, lang),
    })),
  };
}

/**
 * What `training take` starts from: the newest version of a course assigned
 * to the caller, the modules already read, the quiz attempt left open (its
 * questions and answers) and the attempts used.
 */
export function openCourse(deps: TrainingDeps) {
  return async (principal: Principal, ref: string, lang?: string) => {
    const { orgId } = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    const repo = deps.uow.read.forOrg(orgId);
    const course = await assignedCourse(repo, userId, ref, dayOf(deps.clock.now()));
    const open = await repo.openAttempt(userId, course.id);
    return {
      course: courseRef(course),
      courseId: course.id,
      definition: course.definition,
      language: langOf(course.definition, lang),
      completedModules: await repo.progress(userId, course.id),
      attemptsUsed: await repo.finishedAttempts(userId, course.id),
      attemptsAllowed: course.definition.quiz.attempts,
      openAttempt: open ? { id: open.id, questions: open.questions, answers: open.answers } : null,
    };
  };
}

/** Records a module as read, the moment it is: a killed session resumes after it. */
export function completeModule(deps: TrainingDeps) {
  return async (principal: Principal, courseId: string, moduleId: string) => {
    const access = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const course = await repo.course(courseId);
      if (!course || !course.definition.modules.some((m) => m.id === moduleId))
        throw TRAINING_ERRORS.notFound({ course: `${courseId} module ${moduleId}` });
      await repo.completeModule(userId, courseId, moduleId, now);
      await record({
        action: 'training.module_read',
        targetType: 'course',
        targetId: course.id,
        details: { course: courseRef(course), module: moduleId },
      });
      return { module: moduleId };
    });
  };
}

async function startAttempt(
  repo: TrainingRepository,
  course: CourseRecord,
  userId: string,
  lang: string,
  now: Date,
  source: 'terminal' | 'answers' = 'terminal',
): Promise<AttemptRecord> {
  const open = await repo.openAttempt(userId, course.id);
  if (open) return open;
  const used = await repo.finishedAttempts(userId, course.id);
  const allowed = course.definition.quiz.attempts;
  if (allowed !== null && used >= allowed) throw TRAINING_ERRORS.attemptsUsed({ allowed, course: courseRef(course) });
  const attempt = {
    id: newId(),
    userId,
    courseId: course.id,
    courseKey: course.key,
    version: course.version,
    status: 'in_progress' as const,
    questions: drawQuestions(course.definition.quiz.questions, course.definition.quiz.draw, randomInt(2 ** 31)),
    answers: {},
    language: lang,
    score: null,
    source,
    startedAt: now,
    completedAt: null,
    recordedBy: null,
    annulledAt: null,
  };
  await repo.insertAttempt(attempt);
  return { ...attempt, email: '', name: null };
}

/** Opens the quiz: the attempt left open, or a new one drawn from the pool (within the attempt limit). */
export function startQuiz(deps: TrainingDeps) {
  return async (principal: Principal, ref: string, lang?: string) => {
    const access = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const course = await assignedCourse(repo, userId, ref, dayOf(now));
      const attempt = await startAttempt(repo, course, userId, langOf(course.definition, lang), now);
      await record({
        action: 'training.quiz_opened',
        targetType: 'attempt',
        targetId: attempt.id,
        details: { course: courseRef(course) },
      });
      return { attempt: attempt.id, questions: attempt.questions, answers: attempt.answers };
    });
  };
}

function normalise(value: unknown): QuizAnswer | null {
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...new Set(value as string[])];
  return null;
}

async function openAttemptOf(repo: TrainingRepository, userId: string, attemptId: string) {
  const attempt = await repo.attempt(attemptId);
  if (!attempt || attempt.userId !== userId) throw TRAINING_ERRORS.attemptNotFound({ id: attemptId });
  if (attempt.status !== 'in_progress') throw TRAINING_ERRORS.notPassed({ id: attemptId, status: attempt.status });
  const course = (await repo.course(attempt.courseId)) as CourseRecord;
  return { attempt, course };
}

/** Saves one answer of an open attempt as it is given. */
export function answerQuestion(deps: TrainingDeps) {
  return async (principal: Principal, attemptId: string, questionId: string, value: unknown) => {
    const access = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const { attempt, course } = await openAttemptOf(repo, userId, attemptId);
      const question = questionsOf(course, attempt).find((q) => q.id === questionId);
      if (!question) throw TRAINING_ERRORS.badAnswer({ where: questionId, problem: 'not a question of this attempt' });
      const answer = normalise(value);
      const issue = answer ? answerIssue(question, answer) : 'expected an option id or a list of them';
      if (issue) throw TRAINING_ERRORS.badAnswer({ where: questionId, problem: issue });
      await repo.saveAnswers(attempt.id, { ...attempt.answers, [questionId]: answer as QuizAnswer });
      await record({
        action: 'training.answered',
        targetType: 'attempt',
        targetId: attempt.id,
        details: { question: questionId },
      });
      return { question: questionId };
    });
  };
}

async function finish(
  repo: TrainingRepository,
  course: CourseRecord,
  attempt: AttemptRecord,
  answers: ReadonlyMap<string, QuizAnswer>,
  now: Date,
  record: (e: {
    action: string;
    targetType: string;
    targetId: string;
    details: Record<string, unknown>;
  }) => Promise<void>,
) {
  const questions = questionsOf(course, attempt);
  const missing = questions.filter((q) => !answers.has(q.id)).map((q) => q.id);
  if (missing.length > 0)
    throw TRAINING_ERRORS.badAnswer({ where: courseRef(course), problem: `not answered yet: ${missing.join(', ')}` });
  const used = (await repo.finishedAttempts(attempt.userId, course.id)) + 1;
  const result = resultDto(course, attempt.id, questions, answers, attempt.language, used);
  await repo.finishAttempt(attempt.id, result.score, result.passed, now);
  await record({
    action: result.passed ? 'training.passed' : 'training.failed',
    targetType: 'attempt',
    targetId: attempt.id,
    details: { course: courseRef(course), score: result.score, passMark: result.passMark },
  });
  return result;
}

/** Scores an open attempt once every drawn question has an answer. */
export function submitQuiz(deps: TrainingDeps) {
  return async (principal: Principal, attemptId: string) => {
    const access = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const { attempt, course } = await openAttemptOf(repo, userId, attemptId);
      return finish(repo, course, attempt, new Map(Object.entries(attempt.answers)), now, record);
    });
  };
}

/**
 * `training take <course> --answers answers.json`, for scripts: the quiz of
 * the newest version answered from a file of question id → answer (the file
 * may answer the whole pool; the questions drawn must all be answered), all
 * or nothing.
 */
export function takeWithAnswers(deps: TrainingDeps) {
  return async (principal: Principal, ref: string, file: string, lang?: string) => {
    const access = allow(principal, 'training.learn');
    const userId = userIdOf(principal);
    const raw = await deps.files.answers(file);
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const course = await assignedCourse(repo, userId, ref, dayOf(now));
      const attempt = await startAttempt(repo, course, userId, langOf(course.definition, lang), now, 'answers');
      const answers = new Map<string, QuizAnswer>(Object.entries(attempt.answers));
      for (const question of questionsOf(course, attempt)) {
        if (!(question.id in raw)) continue;
        const answer = normalise(raw[question.id]);
        const issue = answer ? answerIssue(question, answer) : 'expected an option id, a list of them, or true/false';
        if (issue) throw TRAINING_ERRORS.badAnswer({ where: `${file} (${question.id})`, problem: issue });
        answers.set(question.id, answer as QuizAnswer);
      }
      await repo.saveAnswers(attempt.id, Object.fromEntries(answers));
      return finish(repo, course, attempt, answers, now, record);
    });
  };
}

export interface RecordInput {
  readonly user: string;
  readonly course: string;
  readonly score: string;
  readonly completedAt: string;
}

/** `training record`: a completion done elsewhere (a classroom session, another platform), audited. */
export function recordCompletion(deps: TrainingDeps) {
  return async (principal: Principal, input: RecordInput) => {
    const access = allow(principal, 'training.author');
    const score = Number(input.score);
    if (!/^\d+$/.test(input.score.trim()) || score > 100)
      throw TRAINING_ERRORS.badRecord({ problem: `--score: a whole percentage from 0 to 100, not "${input.score}"` });
    const day = parseDay(input.completedAt.slice(0, 10));
    const at = new Date(input.completedAt.length === 10 ? `${input.completedAt}T12:00:00.000Z` : input.completedAt);
    if (!day || Number.isNaN(at.getTime()))
      throw TRAINING_ERRORS.badRecord({ problem: `--completed-at: a date as YYYY-MM-DD, not "${input.completedAt}"` });
    const now = deps.clock.now();
    if (at.getTime() > now.getTime())
      throw TRAINING_ERRORS.badRecord({ problem: `--completed-at: ${input.completedAt} is in the future` });
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const member = await repo.memberByEmail(input.user);
      if (!member) throw TRAINING_ERRORS.notMember({ email: input.user });
      const course = await findCourse(repo, input.course);
      const passed = score >= course.definition.quiz.passMark;
      const attempt = {
        id: newId(),
        userId: member.userId,
        courseId: course.id,
        courseKey: course.key,
        version: course.version,
        status: passed ? ('passed' as const) : ('failed' as const),
        questions: [],
        answers: {},
        language: course.definition.languages[0] ?? 'en',
        score,
        source: 'record' as const,
        startedAt: at,
        completedAt: at,
        recordedBy: access.actor.label,
        annulledAt: null,
      };
      await repo.insertAttempt(attempt);
      await record({
        action: 'training.recorded',
        targetType: 'attempt',
        targetId: attempt.id,
        details: { course: courseRef(course), user: member.email, score, completedAt: at.toISOString() },
      });
      return attemptDto({ ...attempt, email: member.email, name: member.name });
    });
  };
}

/** Annuls an attempt: it no longer counts, and its certificates verify as revoked. */
export function annulAttempt(deps: TrainingDeps) {
  return async (principal: Principal, id: string) => {
    const access = allow(principal, 'training.author');
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const attempt = await repo.attempt(id);
      if (!attempt) throw TRAINING_ERRORS.attemptNotFound({ id });
      if (attempt.annulledAt) throw TRAINING_ERRORS.annulled({ id, at: attempt.annulledAt.toISOString() });
      await repo.annulAttempt(id, now, access.actor.label);
      await record({
        action: 'training.attempt_annulled',
        targetType: 'attempt',
        targetId: id,
        details: { course: `${attempt.courseKey}@${attempt.version}`, user: attempt.email, status: attempt.status },
      });
      return attemptDto({ ...attempt, status: 'annulled', annulledAt: now });
    });
  };
}
