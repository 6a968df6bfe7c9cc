import type { Principal } from '../../kernel/principal.js';
import type { SurveyResults } from '../survey/index.js';
import { fileTemplateStore } from './adapters/templates/file-template-store.js';
import { generateSurveyReport, surveyDataHash } from './application/generate-survey-report.command.js';
import type { ReportingDeps } from './application/ports.js';
import type { SurveyReportDeps } from './application/survey-report.port.js';
import { surveyOfSubject } from './domain/survey-report.js';

/** What survey reports read of the survey context. */
interface SurveyReads {
  results(principal: Principal, ref: string, options: { lang?: string }): Promise<SurveyResults>;
}

/**
 * Survey reports: the survey context's results reached through its use case
 * (never its tables), drawn with `templates/survey.yaml`, recorded in the same
 * report table. `dataHash` answers for survey subjects (`survey:<ref>`) and
 * hands every other subject (assessments, training) to `otherHash`, so `report verify` knows both.
 */
export function wireSurveyReports(
  wired: Readonly<Record<string, unknown>>,
  base: Pick<ReportingDeps, 'uow' | 'files' | 'clock' | 'seal'>,
  otherHash: ReportingDeps['dataHash'],
) {
  const survey = wired.survey as SurveyReads;
  const deps: SurveyReportDeps = {
    ...base,
    results: (principal, ref, lang) => survey.results(principal, ref, { lang }),
    templates: fileTemplateStore(),
    renderer: async () => (await import('./adapters/pdf/survey-pdf-renderer.js')).renderSurveyPdf,
  };
  const surveyHash = surveyDataHash(deps);
  return {
    generateSurvey: generateSurveyReport(deps),
    dataHash: (principal: Principal, subject: string) => {
      const ref = surveyOfSubject(subject);
      return ref === null ? otherHash(principal, subject) : surveyHash(principal, ref);
    },
  };
}
