import type { Principal } from '../../../kernel/principal.js';
import type { SurveyReportData, SurveyResults } from '../domain/survey-report.js';
import type { Branding, ReportTemplate } from '../domain/template.js';
import type { ReportingDeps } from './ports.js';

/** What survey reports need of the survey context: its results query (`survey results`). */
export type SurveyResultsReader = (principal: Principal, surveyRef: string, lang: string) => Promise<SurveyResults>;

export interface SurveyRenderInput {
  readonly data: SurveyReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly language: string;
  readonly sealPlaceholder?: string | undefined;
}

export type SurveyRenderer = (input: SurveyRenderInput) => Promise<Buffer>;

export interface SurveyReportDeps extends Pick<ReportingDeps, 'uow' | 'files' | 'clock' | 'seal' | 'templates'> {
  readonly results: SurveyResultsReader;
  /** Loaded on first use: it brings pdfkit. */
  readonly renderer: () => Promise<SurveyRenderer>;
}
