import * as z from 'zod';

/**
 * The course model: what `courses/` holds. A course is a folder with
 * `course.yaml` and its modules as Markdown under `modules/<lang>/`, or one
 * YAML file whose modules carry their Markdown inline. Text is a plain string
 * or a map of language to string; `CourseDefinition` is the normalised form,
 * stored whole with each version so a version never changes.
 */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export type LocalizedText = Readonly<Record<string, string>>;

const Id = z
  .string()
  .trim()
  .min(1, 'an identifier (non-empty text)')
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'an identifier of letters, digits, dot, dash or underscore');
const Lang = z.string().regex(/^[a-z]{2}$/, 'a language code such as en or es');
const TextInput = z.union([
  z.string().min(1, 'non-empty text').max(4000),
  z
    .record(Lang, z.string().min(1, 'non-empty text').max(4000))
    .refine((r) => Object.keys(r).length > 0, 'text in at least one language'),
]);
const MarkdownInput = z.record(Lang, z.string().min(1, 'non-empty Markdown').max(200_000));

const ModuleInput = z
  .object({
    id: Id,
    title: TextInput,
    /** Folder courses: the Markdown file's name under modules/<lang>/. */
    file: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\.md$/, 'a file name ending in .md')
      .optional(),
    /** One-file courses: the Markdown per language. */
    body: MarkdownInput.optional(),
  })
  .strict();

const OptionInput = z.object({ id: Id, text: TextInput, correct: z.boolean().optional() }).strict();

const QuestionInput = z
  .object({
    id: Id,
    type: z.enum(QUESTION_TYPES, { message: `one of ${QUESTION_TYPES.join(', ')}` }),
    text: TextInput,
    options: z.array(OptionInput).min(2, 'at least two options').max(9, 'at most nine options').optional(),
    /** true_false: the right answer. */
    answer: z.boolean().optional(),
    explanation: TextInput,
  })
  .strict();

export const CourseFile = z
  .object({
    id: Id,
    title: TextInput,
    description: TextInput.optional(),
    languages: z.array(Lang).min(1).optional(),
    minutes: z.number().int().min(1, 'at least 1 minute').max(600, 'at most 600 minutes'),
    /** Requirements this course evidences, as `framework:requirement` (e.g. iso27001-2022:A.6.3). */
    requirements: z
      .array(z.string().regex(/^[^:\s]+:[^\s]+$/, 'framework:requirement, e.g. iso27001-2022:A.6.3'))
      .optional(),
    modules: z.array(ModuleInput).min(1, 'at least one module'),
    quiz: z
      .object({
        passMark: z.number().int().min(1, 'a percentage from 1 to 100').max(100, 'a percentage from 1 to 100'),
        /** How many questions each attempt draws from the pool (all when left out). */
        draw: z.number().int().min(1).optional(),
        /** Attempts per person and version (unlimited when left out). */
        attempts: z.number().int().min(1).max(100).optional(),
        questions: z.array(QuestionInput).min(1, 'at least one question'),
      })
      .strict(),
  })
  .strict();
export type CourseFileInput = z.infer<typeof CourseFile>;

export interface CourseModule {
  readonly id: string;
  readonly title: LocalizedText;
  /** Markdown per language. */
  readonly body: LocalizedText;
}

export interface QuizOption {
  readonly id: string;
  readonly text: LocalizedText;
}

export interface QuizQuestion {
  readonly id: string;
  readonly type: QuestionType;
  readonly text: LocalizedText;
  /** true_false questions get the options `true` and `false`. */
  readonly options: readonly QuizOption[];
  /** The ids of the right options (one for single and true_false). */
  readonly correct: readonly string[];
  readonly explanation: LocalizedText;
}

export interface CourseDefinition {
  readonly key: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText | null;
  readonly languages: readonly string[];
  readonly minutes: number;
  readonly requirements: readonly string[];
  readonly modules: readonly CourseModule[];
  readonly quiz: {
    readonly passMark: number;
    readonly draw: number;
    readonly attempts: number | null;
    readonly questions: readonly QuizQuestion[];
  };
}

export class CourseShapeError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

const text = (t: z.infer<typeof TextInput>, fallback: string): LocalizedText =>
  typeof t === 'string' ? { [fallback]: t } : t;

const TRUE_FALSE: readonly QuizOption[] = [
  { id: 'true', text: { en: 'True', es: 'Verdadero' } },
  { id: 'false', text: { en: 'False', es: 'Falso' } },
];

/**
 * The checks a schema cannot express: unique ids, the right answers per
 * question type, a draw no larger than the pool, every module's Markdown in
 * every language. `markdown(file, lang)` reads a folder course's module file.
 */
export function courseFromFile(
  file: CourseFileInput,
  markdown: (name: string, lang: string, at: readonly (string | number)[]) => string | undefined,
): CourseDefinition {
  const languages = file.languages ?? ['en'];
  const lang = languages[0] ?? 'en';
  const moduleIds = new Set<string>();
  const modules = file.modules.map((m, i): CourseModule => {
    const at = ['modules', i];
    if (moduleIds.has(m.id)) throw new CourseShapeError([...at, 'id'], `module id ${m.id} is used twice`);
    moduleIds.add(m.id);
    if ((m.file === undefined) === (m.body === undefined))
      throw new CourseShapeError(at, 'a module has either file (a folder course) or body (a one-file course)');
    const body: Record<string, string> = {};
    for (const l of languages) {
      const md = m.body ? m.body[l] : markdown(m.file as string, l, [...at, 'file']);
      if (md === undefined || md.trim() === '')
        throw new CourseShapeError([...at, m.body ? 'body' : 'file'], `no Markdown in ${l} for module ${m.id}`);
      body[l] = md;
    }
    return { id: m.id, title: text(m.title, lang), body };
  });
  const questionIds = new Set<string>();
  const questions = file.quiz.questions.map((q, i): QuizQuestion => {
    const at = ['quiz', 'questions', i];
    if (questionIds.has(q.id)) throw new CourseShapeError([...at, 'id'], `question id ${q.id} is used twice`);
    questionIds.add(q.id);
    if (q.type === 'true_false') {
      if (q.options) throw new CourseShapeError([...at, 'options'], 'a true_false question has no options');
      if (q.answer === undefined) throw new CourseShapeError([...at, 'answer'], 'a true_false question needs answer');
      return {
        id: q.id,
        type: q.type,
        text: text(q.text, lang),
        options: TRUE_FALSE,
        correct: [String(q.answer)],
        explanation: text(q.explanation, lang),
      };
    }
    if (q.answer !== undefined) throw new CourseShapeError([...at, 'answer'], `answer applies to true_false only`);
    if (!q.options) throw new CourseShapeError([...at, 'options'], `a ${q.type} question needs options`);
    const optionIds = new Set<string>();
    q.options.forEach((o, j) => {
      if (optionIds.has(o.id))
        throw new CourseShapeError([...at, 'options', j, 'id'], `option id ${o.id} is used twice`);
      optionIds.add(o.id);
    });
    const correct = q.options.filter((o) => o.correct).map((o) => o.id);
    if (q.type === 'single' && correct.length !== 1)
      throw new CourseShapeError([...at, 'options'], 'a single question needs exactly one option with correct: true');
    if (q.type === 'multiple' && correct.length === 0)
      throw new CourseShapeError(
        [...at, 'options'],
        'a multiple question needs at least one option with correct: true',
      );
    return {
      id: q.id,
      type: q.type,
      text: text(q.text, lang),
      options: q.options.map((o) => ({ id: o.id, text: text(o.text, lang) })),
      correct,
      explanation: text(q.explanation, lang),
    };
  });
  const draw = file.quiz.draw ?? questions.length;
  if (draw > questions.length)
    throw new CourseShapeError(['quiz', 'draw'], `draws ${draw} questions from a pool of ${questions.length}`);
  return {
    key: file.id,
    title: text(file.title, lang),
    description: file.description ? text(file.description, lang) : null,
    languages,
    minutes: file.minutes,
    requirements: file.requirements ?? [],
    modules,
    quiz: { passMark: file.quiz.passMark, draw, attempts: file.quiz.attempts ?? null, questions },
  };
}

export function localize(t: LocalizedText | null | undefined, lang: string): string {
  if (!t) return '';
  return t[lang] ?? t.en ?? Object.values(t)[0] ?? '';
}

/**
 * A deterministic draw of `n` question ids from the pool for a seed
 * (mulberry32, then Fisher-Yates). A quiz that asks the whole pool keeps the
 * author's order.
 */
export function drawQuestions(pool: readonly QuizQuestion[], n: number, seed: number): string[] {
  if (n >= pool.length) return pool.map((q) => q.id);
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ids = pool.map((q) => q.id);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  return ids.slice(0, n);
}

export type QuizAnswer = readonly string[];

/** Why an answer is not one of the question's (null when it is). */
export function answerIssue(q: QuizQuestion, answer: QuizAnswer): string | null {
  if (answer.length === 0) return 'no option chosen';
  if (q.type !== 'multiple' && answer.length !== 1) return 'choose exactly one option';
  const unknown = answer.find((a) => !q.options.some((o) => o.id === a));
  if (unknown !== undefined) return `"${unknown}" is not an option; one of ${q.options.map((o) => o.id).join(', ')}`;
  return null;
}

export function isCorrect(q: QuizQuestion, answer: QuizAnswer): boolean {
  const chosen = new Set(answer);
  return chosen.size === q.correct.length && q.correct.every((c) => chosen.has(c));
}

/** The percentage of drawn questions answered right, rounded down (a pass mark of 80 needs a real 80). */
export function scoreOf(questions: readonly QuizQuestion[], answers: ReadonlyMap<string, QuizAnswer>): number {
  if (questions.length === 0) return 0;
  const right = questions.filter((q) => isCorrect(q, answers.get(q.id) ?? [])).length;
  return Math.floor((right * 100) / questions.length);
}
