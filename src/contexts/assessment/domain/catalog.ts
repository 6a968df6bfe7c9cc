import * as z from 'zod';

/**
 * The framework catalog model: what `frameworks/*.yaml` hold and what every
 * importer (OSCAL, CISO Assistant, CSV) produces. `CatalogInput` is the file
 * shape (text may be a plain string or a map of language to string);
 * `Catalog` is the normalised model the rest of the code uses.
 */

export const QUESTION_TYPES = ['yes_no', 'maturity', 'single_choice', 'multiple_choice', 'number', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Language code to text, e.g. { en: 'Govern', es: 'Gobernar' }. */
export type LocalizedText = Readonly<Record<string, string>>;

const Id = z
  .string()
  .trim()
  .min(1, 'an identifier (non-empty text)')
  .max(200)
  .regex(/^[^\s]+$/, 'an identifier without spaces');
const Lang = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language code such as en or es');
const TextInput = z.union([
  z.string().min(1, 'non-empty text'),
  z
    .record(Lang, z.string().min(1, 'non-empty text'))
    .refine((r) => Object.keys(r).length > 0, 'text in at least one language'),
]);
const Weight = z.number().positive('a weight above 0').max(100);

export const ChoiceInput = z.object({
  id: Id,
  label: TextInput,
  score: z.number().min(0, 'a score from 0 to 1').max(1, 'a score from 0 to 1').optional(),
});

export const QuestionInput = z
  .object({
    id: Id,
    type: z.enum(QUESTION_TYPES, { message: `one of ${QUESTION_TYPES.join(', ')}` }),
    text: TextInput,
    guidance: TextInput.optional(),
    evidence: TextInput.optional(),
    weight: Weight.optional(),
    when: z.object({ question: Id, in: z.array(z.union([z.string(), z.number()])).min(1) }).optional(),
    choices: z.array(ChoiceInput).min(2, 'at least two choices').optional(),
    levels: z.array(TextInput).length(6, 'exactly six labels, for levels 0 to 5').optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: TextInput.optional(),
    target: z.number().positive().optional(),
  })
  .strict();

export interface RequirementInput {
  id: string;
  title: z.infer<typeof TextInput>;
  description?: z.infer<typeof TextInput> | undefined;
  weight?: number | undefined;
  applicability?: string[] | undefined;
  dimensions?: string[] | undefined;
  optional?: boolean | undefined;
  short_title?: z.infer<typeof TextInput> | undefined;
  recommendation?: z.infer<typeof TextInput> | undefined;
  withdrawn?: boolean | undefined;
  questions?: z.infer<typeof QuestionInput>[] | undefined;
  children?: RequirementInput[] | undefined;
}

export const RequirementInput: z.ZodType<RequirementInput> = z.lazy(() =>
  z
    .object({
      id: Id,
      title: TextInput,
      description: TextInput.optional(),
      weight: Weight.optional(),
      applicability: z.array(Id).min(1).optional(),
      dimensions: z.array(Id).min(1).optional(),
      optional: z.boolean().optional(),
      short_title: TextInput.optional(),
      recommendation: TextInput.optional(),
      withdrawn: z.boolean().optional(),
      questions: z.array(QuestionInput).optional(),
      children: z.array(RequirementInput).optional(),
    })
    .strict(),
);

export const CatalogInput = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]*$/,
        'a framework id of lowercase letters, digits, dots and dashes (e.g. nist-csf-2.0)',
      ),
    version: z.union([z.string().min(1), z.number()]).transform(String),
    name: TextInput,
    publisher: z.string().optional(),
    source: z.string().optional(),
    languages: z.array(Lang).min(1).optional(),
    license_note: z.string().optional(),
    description: TextInput.optional(),
    levels: z.array(z.object({ id: Id, name: TextInput }).strict()).optional(),
    dimensions: z.array(z.object({ id: Id, name: TextInput }).strict()).optional(),
    requirements: z.array(RequirementInput).min(1, 'at least one requirement'),
  })
  .strict();
export type CatalogInput = z.input<typeof CatalogInput>;

export interface Choice {
  readonly id: string;
  readonly label: LocalizedText;
  readonly score: number;
}

export interface Question {
  readonly id: string;
  readonly type: QuestionType;
  readonly text: LocalizedText;
  readonly guidance: LocalizedText | null;
  readonly evidence: LocalizedText | null;
  readonly weight: number;
  readonly when: { readonly question: string; readonly in: readonly string[] } | null;
  readonly choices: readonly Choice[] | null;
  readonly levels: readonly LocalizedText[] | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly unit: LocalizedText | null;
  readonly target: number | null;
}

export interface Requirement {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText | null;
  readonly weight: number;
  readonly applicability: readonly string[] | null;
  /**
   * Security dimensions (e.g. ENS C, I, T, A, D) whose highest level is read
   * against `applicability` when the assessment records dimension levels;
   * without them, the assessment's level is read instead.
   */
  readonly dimensions?: readonly string[] | null | undefined;
  /** A top-level domain assessed only when an assessment names it in its scope. */
  readonly optional?: boolean | undefined;
  /** A short title written by the renfe authors, beside the publisher's own `title`. */
  readonly shortTitle?: LocalizedText | null | undefined;
  /**
   * What to put in place when the requirement falls short, written for the
   * people who will do it; without it, findings fall back to the guidance or
   * the requirement's statement.
   */
  readonly recommendation?: LocalizedText | null | undefined;
  readonly withdrawn: boolean;
  /** The publisher's own reference when it is not unique and `id` had to differ (CISO Assistant `ref_id`). */
  readonly label?: string | null | undefined;
  /** For a withdrawn requirement: the ids it was incorporated into or moved to. */
  readonly incorporatedInto?: readonly string[] | null | undefined;
  /** The publisher's own key for it, when it has one (a CISO Assistant node's urn): mapping libraries name it so. */
  readonly urn?: string | null | undefined;
  readonly questions: readonly Question[];
  readonly children: readonly Requirement[];
}

export interface Catalog {
  readonly id: string;
  readonly version: string;
  /** The revision of the file it was imported from (a CISO Assistant library's `version`), beside the standard's version. */
  readonly revision?: string | null | undefined;
  readonly name: LocalizedText;
  readonly publisher: string | null;
  readonly source: string | null;
  readonly languages: readonly string[];
  readonly licenseNote: string | null;
  readonly description: LocalizedText | null;
  readonly levels: readonly { readonly id: string; readonly name: LocalizedText }[];
  /** Security dimensions an assessment may give a level each (ENS: C, I, T, A, D); none when absent. */
  readonly dimensions?: readonly { readonly id: string; readonly name: LocalizedText }[] | undefined;
  readonly requirements: readonly Requirement[];
}

/** The default labels of maturity levels 0..5. */
export const DEFAULT_MATURITY_LABELS: readonly LocalizedText[] = [
  { en: 'Non-existent', es: 'Inexistente' },
  { en: 'Initial', es: 'Inicial' },
  { en: 'Repeatable', es: 'Repetible' },
  { en: 'Defined', es: 'Definido' },
  { en: 'Managed and measured', es: 'Gestionado y medible' },
  { en: 'Optimised', es: 'Optimizado' },
];

/** Answers a yes/no question accepts. */
export const YES_NO_VALUES = ['yes', 'partial', 'no', 'na'] as const;

/** Text in the wanted language, else the catalog's first language, else any. */
export function localize(text: LocalizedText | null | undefined, lang: string, fallback?: string): string {
  if (!text) return '';
  return text[lang] ?? (fallback ? text[fallback] : undefined) ?? Object.values(text)[0] ?? '';
}

/** Every requirement of the tree, depth first, with its parent id and depth. */
export function* walkRequirements(
  nodes: readonly Requirement[],
  parent: string | null = null,
  depth = 0,
): Generator<{ requirement: Requirement; parent: string | null; depth: number }> {
  for (const requirement of nodes) {
    yield { requirement, parent, depth };
    yield* walkRequirements(requirement.children, requirement.id, depth + 1);
  }
}

/** Requirements that are assessed: they carry questions and are not withdrawn. */
export function isAssessable(r: Requirement): boolean {
  return r.questions.length > 0 && !r.withdrawn;
}
