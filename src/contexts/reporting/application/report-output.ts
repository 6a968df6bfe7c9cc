import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { isAppError } from '../../../kernel/app-error.js';
import type { Access } from '../../auth/index.js';
import { SEAL_SCHEMA, sealText, type SealStatement, statementText } from '../domain/report-seal.js';
import { logoKind } from '../domain/template.js';
import { REPORTING_ERRORS } from '../errors.js';
import type { ReportFiles, ReportFormat, ReportingDeps, ReportRecord } from './ports.js';

/**
 * What every report (assessment, survey, training) does with its file: check
 * the logo before drawing, seal a PDF with the organisation's key, write the
 * file, and record it (file hash, data hash, who, when) with its audit entry,
 * so `report list` shows it and `report verify` recognises it.
 */

/** The file name recorded for a report handed back rather than written. */
const STDOUT_NAME = '(stdout)';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The branding's logo, when there is one, must be a PNG or JPEG that can be read. */
export async function checkLogo(files: ReportFiles, logo: string | null): Promise<void> {
  if (!logo) return;
  const bytes = await files.read(logo).catch((error: unknown) => {
    throw isAppError(error) ? REPORTING_ERRORS.badLogo({ problem: error.message }) : error;
  });
  if (!logoKind(bytes)) throw REPORTING_ERRORS.badLogo({ problem: `${logo} is not a PNG or JPEG image` });
}

/** What a seal states about the report besides the hashes and the key. */
export interface SealSubject {
  readonly report: string;
  readonly organization: string;
  /** The assessment, or the survey or training subject the report is recorded under. */
  readonly assessment: string;
  readonly dataHash: string;
  readonly generatedAt: string;
}

/**
 * Renders the file; with a sealer, first with the seal's placeholder in its
 * metadata (the organisation's key is created here on first use), then with
 * the signed seal put where the placeholder is.
 */
export async function renderSealed(
  seal: ReportingDeps['seal'],
  subject: SealSubject,
  render: (placeholder: { sealPlaceholder?: string }) => Promise<Buffer>,
): Promise<Buffer> {
  const key = seal ? await seal.keys.forOrg(subject.organization, true) : null;
  const rendered = await render(key && seal ? { sealPlaceholder: seal.sealer.placeholder } : {});
  if (!key || !seal) return rendered;
  const statement: SealStatement = {
    schema: SEAL_SCHEMA,
    report: subject.report,
    organization: subject.organization,
    assessment: subject.assessment,
    dataHash: subject.dataHash,
    unsealedHash: sha256(rendered),
    generatedAt: subject.generatedAt,
    keyId: key.keyId,
    publicKey: key.publicKey,
  };
  return seal.sealer.embed(rendered, sealText(statement, key.sign(statementText(statement))));
}

export interface ReportOutput {
  readonly id: string;
  /** The assessment, or `survey:<key>@<version>`, `training`, `training:<course>`. */
  readonly subject: string;
  readonly template: string;
  readonly format: ReportFormat;
  readonly language: string;
  /** Where to write the file; null: handed back to the caller, recorded as `(stdout)`. */
  readonly out: string | null;
  readonly content: Buffer;
  readonly dataHash: string;
  readonly narrative: ReportRecord['narrative'];
  /** What the audit entry names. */
  readonly target: { readonly type: string; readonly id: string };
}

/** Writes the report (when it has a path), records it and appends `report.generated`, in one transaction. */
export async function writeAndRecord(
  deps: Pick<ReportingDeps, 'uow' | 'files' | 'clock'>,
  access: Access,
  output: ReportOutput,
): Promise<ReportRecord> {
  const { content, out } = output;
  if (out !== null) await deps.files.write(out, content);
  const report: ReportRecord = {
    id: output.id,
    assessmentId: output.subject,
    template: output.template,
    format: output.format,
    language: output.language,
    fileName: out === null ? STDOUT_NAME : basename(out),
    fileHash: sha256(content),
    dataHash: output.dataHash,
    size: content.length,
    narrative: output.narrative,
    createdBy: access.actor.label,
    createdAt: deps.clock.now(),
  };
  await access.change(deps.uow, async ({ reporting, record }) => {
    await reporting.reports(access.orgId).record(report);
    await record({
      action: 'report.generated',
      targetType: output.target.type,
      targetId: output.target.id,
      details: {
        report: report.id,
        template: report.template,
        format: report.format,
        file: report.fileName,
        fileHash: report.fileHash,
        dataHash: report.dataHash,
      },
    });
  });
  return report;
}
