import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { withAppendix } from '../domain/appendix.js';
import { REPORT_SCHEMA, type ReportData } from '../domain/report-data.js';
import type { Branding } from '../domain/template.js';
import { REPORTING_ERRORS } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat, type ReportingDeps } from './ports.js';
import { checkLogo, renderSealed, writeAndRecord } from './report-output.js';

export interface GenerateReportInput {
  assessmentId: string;
  template: string;
  format: string;
  /** Where to write the report; null: the caller takes it from the result's `content` (e.g. to stdout). */
  out: string | null;
  language: string;
  ai: boolean;
  includeSubject: boolean;
  branding: Branding;
  /** Add the appendix of every question, answer, note and evidence (SHA-256); without it, none is printed. */
  appendix?: boolean | undefined;
  /** The score gate: compliance % under which the command reports failure (the file is still written). */
  failUnder?: number | undefined;
}

export interface GenerateReportResult {
  id: string;
  /** The file written; `-` when the report was handed back in `content`. */
  file: string;
  /** The report itself, when no file was asked for. */
  content?: Buffer;
  format: ReportFormat;
  template: string;
  fileHash: string;
  dataHash: string;
  size: number;
  narrative: 'ai' | 'deterministic';
  /** The lowest compliance % among the assessment's frameworks (what the gate compares). */
  compliance: number | null;
  belowThreshold: boolean;
  warnings: string[];
}

/**
 * Renders a report, writes it, and records it (file hash, data hash, who,
 * when) so `report verify` can recognise it later.
 */
export function generateReport(deps: ReportingDeps) {
  return async (principal: Principal, input: GenerateReportInput): Promise<GenerateReportResult> => {
    const access = allow(principal, 'report.generate');
    const { orgId } = access;
    if (!(REPORT_FORMATS as readonly string[]).includes(input.format)) {
      throw REPORTING_ERRORS.badFormat({ formats: REPORT_FORMATS.join(', '), format: input.format });
    }
    if (!['en', 'es'].includes(input.language)) {
      throw REPORTING_ERRORS.badLanguage({ language: input.language });
    }
    if (input.failUnder !== undefined && !(input.failUnder >= 0 && input.failUnder <= 100)) {
      throw REPORTING_ERRORS.badThreshold({ value: input.failUnder });
    }
    const format = input.format as ReportFormat;
    if (format === 'pdf') await checkLogo(deps.files, input.branding.logoPath);
    const template = withAppendix(await deps.templates.load(input.template), input.appendix === true);
    const training = template.sections.findIndex((s) => s.type.startsWith('training-'));
    if (training !== -1) {
      throw REPORTING_ERRORS.templateInvalid(
        { file: template.source, place: `sections[${training}]`, expected: 'a section of an assessment report' },
        { hint: 'a training template draws `renfe training report`' },
      );
    }
    const survey = template.sections.findIndex((s) => s.type.startsWith('survey-'));
    if (survey !== -1) {
      throw REPORTING_ERRORS.templateInvalid(
        { file: template.source, place: `sections[${survey}]`, expected: 'a section of an assessment report' },
        { hint: 'a survey template draws `renfe survey report`' },
      );
    }
    const snapshot = await deps.snapshot(principal, input.assessmentId, input.language);
    const org = principal.org as NonNullable<Principal['org']>;
    const data: ReportData = {
      schema: REPORT_SCHEMA,
      generatedAt: deps.clock.now().toISOString(),
      organisation: { name: org.name, slug: org.slug },
      ...snapshot,
    };
    // Fail before asking the model when the plan has no AI narrative left this month.
    if (input.ai) await deps.uow.run(({ entitlements }) => entitlements.reserve(orgId, 'ai_narratives_per_month'));
    const { narrative, warnings } = await deps.narratives.write({
      data,
      language: input.language,
      ai: input.ai,
      includeSubject: input.includeSubject,
      orgId,
    });
    const render = await deps.renderer(format);
    const id = newShortId();
    // PDFs carry a seal signed with the organisation's key.
    const content = await renderSealed(
      format === 'pdf' ? deps.seal : undefined,
      {
        report: id,
        organization: orgId,
        assessment: input.assessmentId,
        dataHash: data.dataHash,
        generatedAt: data.generatedAt,
      },
      (seal) => render({ data, template, branding: input.branding, narrative, language: input.language, ...seal }),
    );
    const report = await writeAndRecord(deps, access, {
      id,
      subject: input.assessmentId,
      template: template.id,
      format,
      language: input.language,
      out: input.out,
      content,
      dataHash: data.dataHash,
      narrative: narrative.source,
      target: { type: 'assessment', id: input.assessmentId },
    });
    const compliances = data.frameworks.map((f) => f.summary.compliance).filter((c): c is number => c !== null);
    const compliance = compliances.length ? Math.min(...compliances) : null;
    return {
      id: report.id,
      file: input.out ?? '-',
      ...(input.out === null ? { content } : {}),
      format,
      template: template.id,
      fileHash: report.fileHash,
      dataHash: report.dataHash,
      size: report.size,
      narrative: narrative.source,
      compliance,
      belowThreshold: input.failUnder !== undefined && (compliance === null || compliance < input.failUnder),
      warnings,
    };
  };
}
