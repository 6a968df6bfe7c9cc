import type { Kysely } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type { ReportFormat, ReportingStore, ReportRecord } from '../../application/ports.js';
import type { ReportingReportsTable } from './reporting-tables.js';

const toRecord = (r: ReportingReportsTable): ReportRecord => ({
  id: r.id,
  assessmentId: r.assessment_id,
  template: r.template,
  format: r.format as ReportFormat,
  language: r.language,
  fileName: r.file_name,
  fileHash: r.file_hash,
  dataHash: r.data_hash,
  size: Number(r.size),
  narrative: r.narrative as ReportRecord['narrative'],
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
});

export function kyselyReportingStore(db: Kysely<Database>): ReportingStore {
  return {
    reports: (orgId) => ({
      async record(r) {
        await db
          .insertInto('reporting_reports')
          .values({
            id: r.id,
            org_id: orgId,
            assessment_id: r.assessmentId,
            template: r.template,
            format: r.format,
            language: r.language,
            file_name: r.fileName,
            file_hash: r.fileHash,
            data_hash: r.dataHash,
            size: r.size,
            narrative: r.narrative,
            created_by: r.createdBy,
            created_at: r.createdAt.toISOString(),
          })
          .execute();
      },
      async list(assessmentId) {
        let q = db.selectFrom('reporting_reports').selectAll().where('org_id', '=', orgId);
        if (assessmentId) q = q.where('assessment_id', '=', assessmentId);
        return (await q.orderBy('created_at', 'desc').execute()).map(toRecord);
      },
      async byFileHash(fileHash) {
        const rows = await db
          .selectFrom('reporting_reports')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('file_hash', '=', fileHash)
          .orderBy('created_at', 'desc')
          .execute();
        return rows.map(toRecord);
      },
    }),
    narratives: (orgId) => ({
      async get(inputHash) {
        const row = await db
          .selectFrom('reporting_narratives')
          .select(['model', 'content'])
          .where('org_id', '=', orgId)
          .where('input_hash', '=', inputHash)
          .executeTakeFirst();
        return row ?? null;
      },
      async put(inputHash, model, content, at) {
        await db
          .insertInto('reporting_narratives')
          .values({ org_id: orgId, input_hash: inputHash, model, content, created_at: at.toISOString() })
          .onConflict((oc) =>
            oc.columns(['org_id', 'input_hash']).doUpdateSet({ model, content, created_at: at.toISOString() }),
          )
          .execute();
      },
    }),
  };
}
