import * as z from 'zod';

/**
 * The survey model: what `surveys/*.yaml` hold. Text is a plain string or a
 * map of language to string; `Survey` is the normalised form.
 */
export const SURVEY_QUESTION_TYPES = [
  'likert',
  'nps',
  'rating',
  'single_choice',
  'multiple_choice',
  'text',
  'yes_no',
] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

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

const OptionInput = z.object({ id: Id, label: TextInput }).strict();

const QuestionInput = z
  .object({
    id: Id,
    type: z.enum(SURVEY_QUESTION_TYPES, { message: `one of ${SURVEY_QUESTION_TYPES.join(', ')}` }),
    text: TextInput,
    help: TextInput.optional(),
    required: z.boolean().optional(),
    /** likert: 5 or 7 points. */
    points: z.union([z.literal(5), z.literal(7)], { message: '5 or 7' }).optional(),
    /** likert: one label per point, lowest first. */
    labels: z.array(TextInput).optional(),
    /** rating: 1 to max. */
    max: z.number().int().min(2, 'at least 2').max(10, 'at most 10').optional(),
    options: z.array(OptionInput).min(2, 'at least two options').optional(),
    other: z.boolean().optional(),
    randomize: z.boolean().optional(),
    long: z.boolean().optional(),
    when: z
      .object({ question: Id, in: z.array(z.union([z.string(), z.number()])).min(1) })
      .strict()
      .optional(),
  })
  .strict();

export const SurveyFile = z
  .object({
    id: Id,
    title: TextInput,
    description: TextInput.optional(),
    languages: z.array(Lang).min(1).optional(),
    anonymous: z.boolean().optional(),
    /** Groups smaller than this are withheld from breakdowns (anonymous or not). */
    threshold: z.number().int().min(1).max(100).optional(),
    /** Requirements this survey evidences, as `framework:requirement` (e.g. iso27001-2022:A.6.3). */
    requirements: z
      .array(z.string().regex(/^[^:\s]+:[^\s]+$/, 'framework:requirement, e.g. iso27001-2022:A.6.3'))
      .optional(),
    sections: z
      .array(
        z
          .object({
            id: Id,
            title: TextInput,
            description: TextInput.optional(),
            questions: z.array(QuestionInput).min(1),
          })
          .strict(),
      )
      .min(1, 'at least one section'),
  })
  .strict();
export type SurveyFileInput = z.infer<typeof SurveyFile>;

export interface SurveyOption {
  readonly id: string;
  readonly label: LocalizedText;
}

export interface SurveyQuestion {
  readonly id: string;
  readonly section: string;
  readonly type: SurveyQuestionType;
  readonly text: LocalizedText;
  readonly help: LocalizedText | null;
  readonly required: boolean;
  /** likert points (5/7), rating max, NPS 10; 0 for the others. */
  readonly scale: number;
  readonly labels: readonly LocalizedText[];
  readonly options: readonly SurveyOption[];
  readonly other: boolean;
  readonly randomize: boolean;
  readonly long: boolean;
  readonly when: { readonly question: string; readonly in: readonly (string | number)[] } | null;
}

export interface SurveySection {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText | null;
}

export interface SurveyDefinition {
  readonly key: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText | null;
  readonly languages: readonly string[];
  readonly anonymous: boolean;
  readonly threshold: number;
  readonly requirements: readonly string[];
  readonly sections: readonly SurveySection[];
  readonly questions: readonly SurveyQuestion[];
}

export class SurveyShapeError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

const text = (t: z.infer<typeof TextInput>, fallback = 'en'): LocalizedText =>
  typeof t === 'string' ? { [fallback]: t } : t;

const LIKERT_LABELS: Readonly<Record<5 | 7, readonly LocalizedText[]>> = {
  5: [
    { en: 'Strongly disagree', es: 'Muy en desacuerdo' },
    { en: 'Disagree', es: 'En desacuerdo' },
    { en: 'Neither agree nor disagree', es: 'Ni de acuerdo ni en desacuerdo' },
    { en: 'Agree', es: 'De acuerdo' },
    { en: 'Strongly agree', es: 'Muy de acuerdo' },
  ],
  7: [
    { en: 'Strongly disagree', es: 'Muy en desacuerdo' },
    { en: 'Disagree', es: 'En desacuerdo' },
    { en: 'Somewhat disagree', es: 'Algo en desacuerdo' },
    { en: 'Neither agree nor disagree', es: 'Ni de acuerdo ni en desacuerdo' },
    { en: 'Somewhat agree', es: 'Algo de acuerdo' },
    { en: 'Agree', es: 'De acuerdo' },
    { en: 'Strongly agree', es: 'Muy de acuerdo' },
  ],
};

/** The checks a schema cannot express: unique ids, conditions on earlier questions, per-type fields. */
export function surveyFromFile(file: SurveyFileInput): SurveyDefinition {
  const languages = file.languages ?? ['en'];
  const lang = languages[0] ?? 'en';
  const questions: SurveyQuestion[] = [];
  const seen = new Map<string, SurveyQuestion>();
  file.sections.forEach((section, s) => {
    section.questions.forEach((q, i) => {
      const at = ['sections', s, 'questions', i];
      if (seen.has(q.id)) throw new SurveyShapeError([...at, 'id'], `question id ${q.id} is used twice`);
      const needsOptions = q.type === 'single_choice' || q.type === 'multiple_choice';
      if (needsOptions && !q.options)
        throw new SurveyShapeError([...at, 'options'], `a ${q.type} question needs options`);
      if (!needsOptions && q.options)
        throw new SurveyShapeError([...at, 'options'], `a ${q.type} question has no options`);
      if (q.other && q.type !== 'multiple_choice' && q.type !== 'single_choice') {
        throw new SurveyShapeError([...at, 'other'], '"other" applies to choice questions only');
      }
      const points = q.type === 'likert' ? (q.points ?? 5) : 0;
      if (q.labels && q.type !== 'likert')
        throw new SurveyShapeError([...at, 'labels'], 'labels apply to likert questions only');
      if (q.labels && q.labels.length !== points) {
        throw new SurveyShapeError([...at, 'labels'], `a ${points}-point scale needs ${points} labels, lowest first`);
      }
      if (q.max !== undefined && q.type !== 'rating')
        throw new SurveyShapeError([...at, 'max'], 'max applies to rating questions only');
      if (q.when) {
        const target = seen.get(q.when.question);
        if (!target) {
          throw new SurveyShapeError(
            [...at, 'when', 'question'],
            `condition on ${q.when.question}, which is not an earlier question`,
          );
        }
        for (const value of q.when.in) {
          if (answerValueIssue(target, value) !== null) {
            throw new SurveyShapeError([...at, 'when', 'in'], `"${value}" is not an answer of ${target.id}`);
          }
        }
      }
      const ids = new Set<string>();
      for (const [o, option] of (q.options ?? []).entries()) {
        if (ids.has(option.id) || option.id === 'other') {
          throw new SurveyShapeError([...at, 'options', o, 'id'], `option id ${option.id} is used twice or reserved`);
        }
        ids.add(option.id);
      }
      const question: SurveyQuestion = {
        id: q.id,
        section: section.id,
        type: q.type,
        text: text(q.text, lang),
        help: q.help ? text(q.help, lang) : null,
        required: q.required ?? false,
        scale: q.type === 'likert' ? points : q.type === 'rating' ? (q.max ?? 5) : q.type === 'nps' ? 10 : 0,
        labels: q.type === 'likert' ? (q.labels?.map((l) => text(l, lang)) ?? LIKERT_LABELS[points as 5 | 7]) : [],
        options: (q.options ?? []).map((o) => ({ id: o.id, label: text(o.label, lang) })),
        other: q.other ?? false,
        randomize: q.randomize ?? false,
        long: q.long ?? false,
        when: q.when ?? null,
      };
      seen.set(q.id, question);
      questions.push(question);
    });
  });
  return {
    key: file.id,
    title: text(file.title, lang),
    description: file.description ? text(file.description, lang) : null,
    languages,
    anonymous: file.anonymous ?? true,
    threshold: file.threshold ?? 5,
    requirements: file.requirements ?? [],
    sections: file.sections.map((s) => ({
      id: s.id,
      title: text(s.title, lang),
      description: s.description ? text(s.description, lang) : null,
    })),
    questions,
  };
}

export function localize(t: LocalizedText | null | undefined, lang: string): string {
  if (!t) return '';
  return t[lang] ?? t.en ?? Object.values(t)[0] ?? '';
}

/** One stored answer: a number (scales), an option id (choices), `yes`/`no`, text, or a list (multiple choice). */
export type SurveyAnswer = number | string | readonly string[];

/** Why a value is not an answer of the question, or null when it is. */
export function answerValueIssue(question: SurveyQuestion, value: unknown): string | null {
  switch (question.type) {
    case 'likert':
    case 'rating': {
      const n = Number(value);
      return Number.isInteger(n) && n >= 1 && n <= question.scale ? null : `a whole number from 1 to ${question.scale}`;
    }
    case 'nps': {
      const n = Number(value);
      return Number.isInteger(n) && n >= 0 && n <= 10 ? null : 'a whole number from 0 to 10';
    }
    case 'yes_no':
      return value === 'yes' || value === 'no' ? null : 'yes or no';
    case 'single_choice':
      return typeof value === 'string' &&
        (question.options.some((o) => o.id === value) || (question.other && value.startsWith('other:')))
        ? null
        : `one of ${question.options.map((o) => o.id).join(', ')}${question.other ? ', or other:<text>' : ''}`;
    case 'multiple_choice': {
      const list = Array.isArray(value) ? value : [value];
      const ok =
        list.length > 0 &&
        list.every(
          (v) =>
            typeof v === 'string' &&
            (question.options.some((o) => o.id === v) || (question.other && v.startsWith('other:'))),
        );
      return ok
        ? null
        : `a list of ${question.options.map((o) => o.id).join(', ')}${question.other ? ', other:<text>' : ''}`;
    }
    case 'text':
      return typeof value === 'string' && value.trim() !== '' && value.length <= (question.long ? 10_000 : 500)
        ? null
        : `text of 1 to ${question.long ? 10_000 : 500} characters`;
  }
}

/** Whether a question is shown, given the answers so far (its condition on an earlier answer). */
/** Whether a question's answer puts each respondent in exactly one group, so results can be broken down by it. */
export function groupsRespondents(question: SurveyQuestion): boolean {
  return question.type !== 'multiple_choice' && question.type !== 'text';
}

/** The questions results can be broken down by: their counts per group are kept as responses are submitted. */
export function groupingQuestions(survey: SurveyDefinition): string[] {
  return survey.questions.filter(groupsRespondents).map((q) => q.id);
}

export function isShown(question: SurveyQuestion, answers: ReadonlyMap<string, SurveyAnswer>): boolean {
  if (!question.when) return true;
  const answer = answers.get(question.when.question);
  if (answer === undefined) return false;
  const values = Array.isArray(answer) ? answer : [answer];
  return question.when.in.some((w) => values.some((v) => String(v) === String(w)));
}

/** The questions a respondent is asked, in order, given their answers so far. */
export function shownQuestions(survey: SurveyDefinition, answers: ReadonlyMap<string, SurveyAnswer>): SurveyQuestion[] {
  return survey.questions.filter((q) => isShown(q, answers));
}

/** The required questions shown but not answered: what stops a submission. */
export function missingRequired(
  survey: SurveyDefinition,
  answers: ReadonlyMap<string, SurveyAnswer>,
): SurveyQuestion[] {
  return shownQuestions(survey, answers).filter((q) => q.required && !answers.has(q.id));
}

/** Options in the order one respondent sees them: shuffled by the response's seed when the question asks for it. */
export function optionOrder(question: SurveyQuestion, seed: number): SurveyOption[] {
  const options = [...question.options];
  if (!question.randomize) return options;
  let state = (seed ^ hashString(question.id)) >>> 0 || 1;
  for (let i = options.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [options[i], options[j]] = [options[j] as SurveyOption, options[i] as SurveyOption];
  }
  return options;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
