import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import {
  isSurveySection,
  SURVEY_REPORT_SCHEMA,
  surveyHashInput,
  type SurveyReportData,
  surveySubject,
} from '../domain/survey-report.js';
import type { Branding } from '../domain/template.js';
import { REPORTING_ERRORS } from '../errors.js';
import { checkLogo, renderSealed, sha256, writeAndRecord } from './report-output.js';
import type { SurveyReportDeps } from './survey-report.port.js';

export interface GenerateSurveyReportInput {
  /** `key` (newest version) or `key@version`. */
  readonly survey: string;
  readonly template: string;
  readonly out: string;
  readonly language: string;
  readonly branding: Branding;
}

export interface GenerateSurveyReportResult {
  readonly id: string;
  readonly file: string;
  readonly survey: string;
  readonly template: string;
  readonly format: 'pdf';
  readonly fileHash: string;
  readonly dataHash: string;
  readonly size: number;
  /** Fewer completed responses than the survey's anonymity threshold: the figures are withheld. */
  readonly withheld: boolean;
}

/** The hash of a survey's current figures, as survey reports record it. */
export function surveyDataHash(deps: Pick<SurveyReportDeps, 'results'>) {
  return async (principal: Principal, surveyRef: string): Promise<string> =>
    sha256(surveyHashInput(await deps.results(principal, surveyRef, 'en')));
}

/**
 * `survey report <survey>`: the survey's results as a PDF drawn with a survey
 * template, sealed with the organisation's key, written, and recorded (file
 * hash, data hash, who, when) so `report list` and `report verify` know it.
 */
export function generateSurveyReport(deps: SurveyReportDeps) {
  return async (principal: Principal, input: GenerateSurveyReportInput): Promise<GenerateSurveyReportResult> => {
    const access = allow(principal, 'report.generate');
    const { orgId } = access;
    if (!['en', 'es'].includes(input.language)) throw REPORTING_ERRORS.badLanguage({ language: input.language });
    await checkLogo(deps.files, input.branding.logoPath);
    const template = await deps.templates.load(input.template);
    const foreign = template.sections.findIndex((s) => s.type !== 'cover' && !isSurveySection(s.type));
    if (foreign !== -1) {
      throw REPORTING_ERRORS.templateInvalid(
        { file: template.source, place: `sections[${foreign}]`, expected: 'a section of a survey report' },
        { hint: 'a survey report is drawn with a survey template such as `survey`' },
      );
    }
    const results = await deps.results(principal, input.survey, input.language);
    // Hashed from the figures alone, as `report verify` recomputes them in any language.
    const dataHash = sha256(surveyHashInput(await deps.results(principal, results.survey, 'en')));
    const org = principal.org as NonNullable<Principal['org']>;
    const data: SurveyReportData = {
      schema: SURVEY_REPORT_SCHEMA,
      generatedAt: deps.clock.now().toISOString(),
      organisation: { name: org.name, slug: org.slug },
      results,
      dataHash,
    };
    const subject = surveySubject(results.survey);
    const render = await deps.renderer();
    const id = newShortId();
    const content = await renderSealed(
      deps.seal,
      { report: id, organization: orgId, assessment: subject, dataHash, generatedAt: data.generatedAt },
      (seal) => render({ data, template, branding: input.branding, language: input.language, ...seal }),
    );
    const report = await writeAndRecord(deps, access, {
      id,
      subject,
      template: template.id,
      format: 'pdf',
      language: input.language,
      out: input.out,
      content,
      dataHash,
      narrative: 'deterministic',
      target: { type: 'survey', id: results.survey },
    });
    return {
      id,
      file: input.out,
      survey: results.survey,
      template: template.id,
      format: 'pdf',
      fileHash: report.fileHash,
      dataHash,
      size: report.size,
      withheld: results.completed < results.threshold,
    };
  };
}
