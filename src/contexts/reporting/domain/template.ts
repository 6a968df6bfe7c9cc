import * as z from 'zod';

/**
 * Report templates are data (`templates/*.yaml`): which sections, in which
 * order, with which options, and the report's text in each language.
 */
export const SECTION_TYPES = [
  'cover',
  'toc',
  'executive-summary',
  'methodology',
  'headline-figures',
  'radar-chart',
  'framework-bars',
  'heat-map',
  'domain-commentary',
  'top-findings',
  'domain-tables',
  'findings',
  'roadmap',
  'soa',
  'coverage',
  'answers-appendix',
  // The training report's sections (templates/training.yaml).
  'training-figures',
  'training-courses',
  'training-roles',
  'training-trend',
  'training-overdue',
  // The survey report's sections (templates/survey.yaml).
  'survey-figures',
  'survey-questions',
  'survey-free-text',
] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

const Text = z.record(z.string().regex(/^[a-z]{2}$/), z.string());

export const SectionInput = z.union([
  z.enum(SECTION_TYPES),
  z
    .object({
      type: z.enum(SECTION_TYPES, { message: `one of ${SECTION_TYPES.join(', ')}` }),
      /** Heading override, per language. */
      title: Text.optional(),
      /** top-findings: how many. */
      limit: z.number().int().positive().optional(),
      /** domain-tables: include answers and notes (default true). */
      answers: z.boolean().optional(),
      /** soa: the framework whose controls are listed (default iso27001-2022). */
      framework: z.string().optional(),
      /** findings / roadmap: lowest severity shown (default low). */
      minSeverity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
    })
    .strict(),
]);

export const TemplateInput = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a template id of lowercase letters, digits and dashes'),
    name: Text,
    description: Text.optional(),
    sections: z.array(SectionInput).min(1, 'at least one section'),
    /** Labels and fixed sentences, per language; keys are free, renderers fall back to English. */
    text: z.record(z.string().regex(/^[a-z]{2}$/), z.record(z.string(), z.string())).optional(),
  })
  .strict();

export interface Section {
  readonly type: SectionType;
  readonly title: Readonly<Record<string, string>> | null;
  readonly limit: number | null;
  readonly answers: boolean;
  readonly framework: string | null;
  readonly minSeverity: 'critical' | 'high' | 'medium' | 'low';
}

export interface ReportTemplate {
  readonly id: string;
  readonly name: Readonly<Record<string, string>>;
  readonly description: Readonly<Record<string, string>> | null;
  readonly sections: readonly Section[];
  readonly text: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Where it was read from: `templates/full.yaml` or a user's path. */
  readonly source: string;
}

/** Looks up a label in the report's language, then English, then the key itself. */
export function label(template: ReportTemplate, lang: string, key: string): string {
  return template.text[lang]?.[key] ?? template.text.en?.[key] ?? key;
}

export interface Branding {
  readonly firmName: string;
  /** A PNG or JPEG file. */
  readonly logoPath: string | null;
  /** `#rrggbb` */
  readonly primaryColor: string;
}

/** What a logo file holds, from its first bytes: the image formats a PDF can embed, or null. */
export function logoKind(bytes: Uint8Array): 'png' | 'jpeg' | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  return null;
}

export const DEFAULT_BRANDING: Branding = { firmName: 'renfe', logoPath: null, primaryColor: '#1f4e79' };

/** The written parts of a report: from an AI model, or composed from the data. */
export interface Narrative {
  readonly executiveSummary: string;
  /** Commentary per `<framework>:<domain>`. */
  readonly domains: Readonly<Record<string, string>>;
  readonly source: 'ai' | 'deterministic';
  readonly model: string | null;
}

/** The template text key of each section's default heading. */
const HEADING_KEY: Record<SectionType, string> = {
  cover: 'cover',
  toc: 'contents',
  'executive-summary': 'executiveSummary',
  methodology: 'methodology',
  'headline-figures': 'headlineFigures',
  'radar-chart': 'domainScores',
  'framework-bars': 'frameworkScores',
  'heat-map': 'heatMap',
  'domain-commentary': 'domainCommentary',
  'top-findings': 'topFindings',
  'domain-tables': 'domainTables',
  findings: 'findings',
  roadmap: 'roadmap',
  soa: 'soa',
  coverage: 'coverage',
  'answers-appendix': 'appendix',
  'training-figures': 'trainingFigures',
  'training-courses': 'trainingCourses',
  'training-roles': 'trainingRoles',
  'training-trend': 'trainingTrend',
  'training-overdue': 'trainingOverdue',
  'survey-figures': 'surveyFigures',
  'survey-questions': 'surveyQuestions',
  'survey-free-text': 'surveyFreeText',
};

/** A section's heading: its own title in the language, else the template's label for its type. */
export function sectionHeading(section: Section, lang: string, text: (key: string) => string): string {
  return section.title?.[lang] ?? section.title?.en ?? text(HEADING_KEY[section.type]);
}
