import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import type { Branding } from '../domain/template.js';
import {
  TRAINING_REPORT_SCHEMA,
  TRAINING_SECTIONS,
  type TrainingReportData,
  trainingSubject,
} from '../domain/training-report-data.js';
import { REPORTING_ERRORS } from '../errors.js';
import type { ReportFormat } from './ports.js';
import { checkLogo, renderSealed, writeAndRecord } from './report-output.js';
import type { TrainingReportDeps } from './training-report.port.js';

export const TRAINING_REPORT_FORMATS = ['pdf', 'json'] as const;

export interface GenerateTrainingReportInput {
  /** A course (`phishing`, `phishing@2`), or undefined for every course. */
  course?: string | undefined;
  template: string;
  format: string;
  /** Where to write the report; null: handed back in the result's `content`. */
  out: string | null;
  language: string;
  branding: Branding;
}

export interface GenerateTrainingReportResult {
  id: string;
  file: string;
  content?: Buffer;
  subject: string;
  format: ReportFormat;
  template: string;
  fileHash: string;
  dataHash: string;
  size: number;
  courses: number;
  assigned: number;
  overdue: number;
}

/**
 * The training report: completion by course and by role, the overdue list and
 * completions per month, drawn from a training template, sealed like every
 * PDF report, written, and recorded (file and data hashes) with an audit
 * entry, so `report list` shows it and `report verify` recognises it.
 */
export function generateTrainingReport(deps: TrainingReportDeps) {
  return async (principal: Principal, input: GenerateTrainingReportInput): Promise<GenerateTrainingReportResult> => {
    const access = allow(principal, 'report.generate');
    const { orgId } = access;
    if (!(TRAINING_REPORT_FORMATS as readonly string[]).includes(input.format)) {
      throw REPORTING_ERRORS.badFormat({ formats: TRAINING_REPORT_FORMATS.join(', '), format: input.format });
    }
    if (!['en', 'es'].includes(input.language)) throw REPORTING_ERRORS.badLanguage({ language: input.language });
    const format = input.format as 'pdf' | 'json';
    if (format === 'pdf') await checkLogo(deps.files, input.branding.logoPath);
    const template = await deps.templates.load(input.template);
    const stray = template.sections.findIndex((s) => !(TRAINING_SECTIONS as readonly string[]).includes(s.type));
    if (stray !== -1) {
      throw REPORTING_ERRORS.templateInvalid({
        file: template.source,
        place: `sections[${stray}]`,
        expected: `a section of a training report (${TRAINING_SECTIONS.join(', ')})`,
      });
    }
    const snapshot = await deps.training.snapshot(principal, { course: input.course });
    const org = principal.org as NonNullable<Principal['org']>;
    const data: TrainingReportData = {
      schema: TRAINING_REPORT_SCHEMA,
      generatedAt: deps.clock.now().toISOString(),
      organisationSlug: org.slug,
      ...snapshot,
    };
    const subject = trainingSubject(snapshot.course);
    const id = newShortId();
    let content: Buffer;
    if (format === 'json') {
      content = Buffer.from(`${JSON.stringify(data, null, 2)}\n`);
    } else {
      const render = await deps.trainingRenderer();
      content = await renderSealed(
        deps.seal,
        {
          report: id,
          organization: orgId,
          assessment: subject,
          dataHash: data.dataHash,
          generatedAt: data.generatedAt,
        },
        (seal) => render({ data, template, branding: input.branding, language: input.language, ...seal }),
      );
    }
    const report = await writeAndRecord(deps, access, {
      id,
      subject,
      template: template.id,
      format,
      language: input.language,
      out: input.out,
      content,
      dataHash: data.dataHash,
      narrative: 'deterministic',
      target: { type: 'training', id: subject },
    });
    return {
      id,
      file: input.out ?? '-',
      ...(input.out === null ? { content } : {}),
      subject,
      format,
      template: template.id,
      fileHash: report.fileHash,
      dataHash: report.dataHash,
      size: report.size,
      courses: data.courses.length,
      assigned: data.totals.assigned,
      overdue: data.overdue.length,
    };
  };
}
