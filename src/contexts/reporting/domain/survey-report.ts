import type { SurveyResults } from '../../survey/index.js';

/**
 * A survey report: the survey context's results (fetched through a port),
 * drawn with a survey template (`templates/survey.yaml`). Recorded and
 * sealed like assessment reports; its subject is written `survey:<key>@<version>`
 * where an assessment report names its assessment, so `report list` and
 * `report verify` know both.
 */
export const SURVEY_REPORT_SCHEMA = 'renfe.survey-report/v1';

export type { SurveyResults };
export type SurveyQuestionResult = SurveyResults['questions'][number];

export interface SurveyReportData {
  readonly schema: typeof SURVEY_REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly organisation: { readonly name: string; readonly slug: string };
  readonly results: SurveyResults;
  /** SHA-256 of the figures and answers the report was made from (not of its wording). */
  readonly dataHash: string;
}

const SUBJECT_PREFIX = 'survey:';

/** The subject a survey report is recorded under. */
export const surveySubject = (surveyRef: string) => `${SUBJECT_PREFIX}${surveyRef}`;

/** The survey a recorded subject names, or null for an assessment. */
export function surveyOfSubject(subject: string): string | null {
  return subject.startsWith(SUBJECT_PREFIX) ? subject.slice(SUBJECT_PREFIX.length) : null;
}

/**
 * What the data hash covers: counts, scale figures and answers given, in a
 * fixed order, without the question and option wording (which a language
 * changes), so one survey's data hashes alike in every report language.
 */
export function surveyHashInput(results: SurveyResults): string {
  return JSON.stringify({
    survey: results.survey,
    threshold: results.threshold,
    invited: results.invited,
    started: results.started,
    completed: results.completed,
    questions: results.questions.map((q) => [
      q.id,
      q.respondents,
      q.counts.map((c) => [c.id, c.count]),
      q.mean,
      q.median,
      q.sd,
      q.nps ? [q.nps.promoters, q.nps.passives, q.nps.detractors] : null,
      q.texts,
    ]),
  });
}

/** The sections a survey template may hold (besides `cover`), in `templates/survey.yaml`. */
export const SURVEY_SECTIONS = ['survey-figures', 'survey-questions', 'survey-free-text'] as const;

export type SurveySectionType = (typeof SURVEY_SECTIONS)[number];

export const isSurveySection = (type: string): type is SurveySectionType =>
  (SURVEY_SECTIONS as readonly string[]).includes(type);
