import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { isAppError } from '../../../kernel/app-error.js';
import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { SEAL_SCHEMA, sealText, type SealStatement, statementText } from '../domain/report-seal.js';
import { type Branding, logoKind } from '../domain/template.js';
import {
  TRAINING_REPORT_SCHEMA,
  TRAINING_SECTIONS,
  type TrainingReportData,
  trainingSubject,
} from '../domain/training-report-data.js';
import { REPORTING_ERRORS } from '../errors.js';
import type { ReportFormat } from './ports.js';
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

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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
    const logo = input.branding.logoPath;
    if (logo && format === 'pdf') {
      const bytes = await deps.files.read(logo).catch((error: unknown) => {
        throw isAppError(error) ? REPORTING_ERRORS.badLogo({ problem: error.message }) : error;
      });
      if (!logoKind(bytes)) throw REPORTING_ERRORS.badLogo({ problem: `${logo} is not a PNG or JPEG image` });
    }
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
      const key = deps.seal ? await deps.seal.keys.forOrg(orgId, true) : null;
      const rendered = await render({
        data,
        template,
        branding: input.branding,
        language: input.language,
        ...(key && deps.seal ? { sealPlaceholder: deps.seal.sealer.placeholder } : {}),
      });
      content = rendered;
      if (key && deps.seal) {
        const statement: SealStatement = {
          schema: SEAL_SCHEMA,
          report: id,
          organization: orgId,
          assessment: subject,
          dataHash: data.dataHash,
          unsealedHash: sha256(rendered),
          generatedAt: data.generatedAt,
          keyId: key.keyId,
          publicKey: key.publicKey,
        };
        content = deps.seal.sealer.embed(rendered, sealText(statement, key.sign(statementText(statement))));
      }
    }
    if (input.out !== null) await deps.files.write(input.out, content);
    const report = {
      id,
      assessmentId: subject,
      template: template.id,
      format,
      language: input.language,
      fileName: input.out === null ? '(stdout)' : basename(input.out),
      fileHash: sha256(content),
      dataHash: data.dataHash,
      size: content.length,
      narrative: 'deterministic' as const,
      createdBy: access.actor.label,
      createdAt: deps.clock.now(),
    };
    await access.change(deps.uow, async ({ reporting, record }) => {
      await reporting.reports(orgId).record(report);
      await record({
        action: 'report.generated',
        targetType: 'training',
        targetId: subject,
        details: {
          report: report.id,
          template: report.template,
          format,
          file: report.fileName,
          fileHash: report.fileHash,
          dataHash: report.dataHash,
        },
      });
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
