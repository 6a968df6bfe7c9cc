import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { parseSeal, statementText } from '../domain/report-seal.js';
import type { ReportingDeps, ReportRecord } from './ports.js';

export interface ReportDto {
  id: string;
  assessment: string;
  template: string;
  format: string;
  language: string;
  file: string;
  fileHash: string;
  dataHash: string;
  size: number;
  narrative: string;
  createdBy: string;
  createdAt: string;
}

const dto = (r: ReportRecord): ReportDto => ({
  id: r.id,
  assessment: r.assessmentId,
  template: r.template,
  format: r.format,
  language: r.language,
  file: r.fileName,
  fileHash: r.fileHash,
  dataHash: r.dataHash,
  size: r.size,
  narrative: r.narrative,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

export function listReports(deps: ReportingDeps) {
  return async (principal: Principal, assessmentId?: string): Promise<ReportDto[]> => {
    const { orgId } = allow(principal, 'report.read');
    return (await deps.uow.read.reports(orgId).list(assessmentId)).map(dto);
  };
}

export interface VerifyResult {
  file: string;
  fileHash: string;
  /** The file is byte for byte one that renfe generated and recorded in this organisation. */
  produced: boolean;
  report: ReportDto | null;
  /** The assessment's data still hashes to what the report was made from; null when unknown. */
  dataUnchanged: boolean | null;
  currentDataHash: string | null;
  /**
   * PDF reports carry a seal signed with the organisation's key: `valid`, or
   * why the file is refused (`missing` for formats and reports without one,
   * which are then known by their database record alone).
   */
  seal: 'valid' | 'missing' | 'altered' | 'foreign-key' | 'unverifiable';
  /** Why a sealed file is not accepted, in words. */
  problem: string | null;
}

/**
 * Whether a file is a report we produced, and whether its assessment has
 * changed since. A sealed PDF is judged by its seal, checked with the
 * organisation's key held outside the database, never by the database row
 * alone: a row forged to match an edited or re-signed file does not help.
 */
export function verifyReport(deps: ReportingDeps) {
  return async (principal: Principal, path: string): Promise<VerifyResult> => {
    const { orgId } = allow(principal, 'report.read');
    const content = await deps.files.read(path);
    const fileHash = sha256(content);
    const notOurs = (seal: VerifyResult['seal'], problem: string | null): VerifyResult => ({
      file: path,
      fileHash,
      produced: false,
      report: null,
      dataUnchanged: null,
      currentDataHash: null,
      seal,
      problem,
    });
    const found = (await deps.uow.read.reports(orgId).byFileHash(fileHash))[0];
    const extracted = deps.seal?.sealer.extract(content) ?? null;
    if (!extracted) {
      if (!found) return notOurs('missing', null);
      const current = await deps.dataHash(principal, found.assessmentId).catch(() => null);
      return {
        file: path,
        fileHash,
        produced: true,
        report: dto(found),
        dataUnchanged: current === null ? null : current === found.dataHash,
        currentDataHash: current,
        seal: 'missing',
        problem: null,
      };
    }
    const seal = parseSeal(extracted.seal);
    if (!seal) return notOurs('altered', 'its seal is damaged');
    const { statement, signature } = seal;
    const keys = deps.seal?.keys;
    const local = keys ? await keys.forOrg(orgId, false) : null;
    if (!keys || !local) return notOurs('unverifiable', "this organisation's signing key is not held here");
    if (statement.organization !== orgId || statement.keyId !== local.keyId || statement.publicKey !== local.publicKey)
      return notOurs('foreign-key', `sealed with key ${statement.keyId}, not this organisation's key ${local.keyId}`);
    if (!keys.verify(local.publicKey, statementText(statement), signature))
      return notOurs('altered', 'its seal does not verify');
    if (sha256(extracted.unsealed) !== statement.unsealedHash)
      return notOurs('altered', 'the file was changed after it was sealed');
    const record = (await deps.uow.read.reports(orgId).list(statement.assessment)).find(
      (r) => r.id === statement.report,
    );
    const current = await deps.dataHash(principal, statement.assessment).catch(() => null);
    return {
      file: path,
      fileHash,
      produced: true,
      // The seal stands on its own: a record removed from the database does not unmake the report.
      report: record
        ? dto(record)
        : {
            id: statement.report,
            assessment: statement.assessment,
            template: '',
            format: 'pdf',
            language: '',
            file: path,
            fileHash,
            dataHash: statement.dataHash,
            size: content.length,
            narrative: '',
            createdBy: '(no record left)',
            createdAt: statement.generatedAt,
          },
      dataUnchanged: current === null ? null : current === statement.dataHash,
      currentDataHash: current,
      seal: 'valid',
      problem: null,
    };
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function listTemplates(deps: ReportingDeps) {
  return async (principal: Principal) => {
    allow(principal, 'report.read');
    return deps.templates.list();
  };
}
