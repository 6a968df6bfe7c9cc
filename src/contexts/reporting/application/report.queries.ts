import { createHash } from 'node:crypto';
import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../../auth/index.js';
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
    const { orgId } = authorize(principal, 'report.read');
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
}

/** Whether a file is a report we produced, and whether its assessment has changed since. */
export function verifyReport(deps: ReportingDeps) {
  return async (principal: Principal, path: string): Promise<VerifyResult> => {
    const { orgId } = authorize(principal, 'report.read');
    const content = await deps.files.read(path);
    const fileHash = createHash('sha256').update(content).digest('hex');
    const found = (await deps.uow.read.reports(orgId).byFileHash(fileHash))[0];
    if (!found)
      return { file: path, fileHash, produced: false, report: null, dataUnchanged: null, currentDataHash: null };
    const current = await deps.dataHash(principal, found.assessmentId).catch(() => null);
    return {
      file: path,
      fileHash,
      produced: true,
      report: dto(found),
      dataUnchanged: current === null ? null : current === found.dataHash,
      currentDataHash: current,
    };
  };
}

export function listTemplates(deps: ReportingDeps) {
  return async (principal: Principal) => {
    authorize(principal, 'report.read');
    return deps.templates.list();
  };
}
