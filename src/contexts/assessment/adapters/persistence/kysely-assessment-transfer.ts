import type { Kysely } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type {
  AssessmentTransfer,
  AssessmentTransferStore,
  TransferAnswer,
  TransferFinding,
} from '../../application/transfer.port.js';
import { newId } from '../../../../kernel/ids.js';

const BATCH = 400;

async function inBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** The assessment tables read and written as plain transfer data (bundles, sync). */
export function kyselyAssessmentTransfer(db: Kysely<Database>): AssessmentTransferStore {
  const answerRow = (assessmentId: string, a: TransferAnswer, frameworkId: string) => ({
    assessment_id: assessmentId,
    framework_id: frameworkId,
    qid: a.question,
    value: JSON.stringify(a.value),
    note: a.note,
    answered_by: a.answeredBy,
    answered_at: a.answeredAt,
  });
  const findingRow = (assessmentId: string, f: TransferFinding, frameworkId: string) => ({
    id: newId(),
    assessment_id: assessmentId,
    framework_id: frameworkId,
    requirement_ref: f.requirement,
    owner: f.owner,
    due_date: f.dueDate,
    status: f.status,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
  });
  return {
    async idTaken(orgId, id) {
      const row = await db
        .selectFrom('assessment_assessments')
        .select('org_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return { taken: row !== undefined, ownOrg: row?.org_id === orgId };
    },
    async evidenceIdsTaken(ids) {
      if (ids.length === 0) return [];
      const taken: string[] = [];
      for (let i = 0; i < ids.length; i += BATCH) {
        const rows = await db
          .selectFrom('assessment_evidence')
          .select('id')
          .where('id', 'in', ids.slice(i, i + BATCH))
          .execute();
        taken.push(...rows.map((r) => r.id));
      }
      return taken;
    },
    async read(orgId, id) {
      const a = await db
        .selectFrom('assessment_assessments')
        .selectAll()
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!a) return null;
      const fw = await db
        .selectFrom('assessment_assessment_frameworks as af')
        .innerJoin('assessment_frameworks as f', 'f.id', 'af.framework_id')
        .select(['f.id', 'f.framework_key', 'f.version'])
        .where('af.assessment_id', '=', id)
        .orderBy('af.position')
        .execute();
      const refOf = new Map(fw.map((f) => [f.id, `${f.framework_key}@${f.version}`]));
      const ref = (fid: string) => refOf.get(fid) ?? fid;
      const answers = await db
        .selectFrom('assessment_answers')
        .selectAll()
        .where('assessment_id', '=', id)
        .orderBy('framework_id')
        .orderBy('qid')
        .execute();
      const evidence = await db
        .selectFrom('assessment_evidence')
        .select(['id', 'framework_id', 'qid', 'kind', 'name', 'sha256', 'size', 'url', 'added_by', 'added_at'])
        .where('assessment_id', '=', id)
        .orderBy('added_at')
        .orderBy('id')
        .execute();
      const findings = await db
        .selectFrom('assessment_findings')
        .selectAll()
        .where('assessment_id', '=', id)
        .orderBy('framework_id')
        .orderBy('requirement_ref')
        .execute();
      const applicability = await db
        .selectFrom('assessment_applicability')
        .selectAll()
        .where('assessment_id', '=', id)
        .where('organization_id', '=', orgId)
        .orderBy('framework_id')
        .orderBy('requirement_ref')
        .execute();
      return {
        assessment: {
          id: a.id,
          subject: a.subject,
          scope: JSON.parse(a.scope) as unknown,
          targetLevel: Number(a.target_level),
          status: a.status,
          cursor: a.cursor,
          createdBy: a.created_by,
          createdAt: a.created_at,
          updatedAt: a.updated_at,
          sealedHash: a.sealed_hash,
          sealedAt: a.sealed_at,
          frameworks: fw.map((f) => `${f.framework_key}@${f.version}`),
        },
        answers: answers.map((r) => ({
          framework: ref(r.framework_id),
          question: r.qid,
          value: JSON.parse(r.value) as unknown,
          note: r.note,
          answeredBy: r.answered_by,
          answeredAt: r.answered_at,
        })),
        evidence: evidence.map((r) => ({
          id: r.id,
          framework: ref(r.framework_id),
          question: r.qid,
          kind: r.kind as 'file' | 'link',
          name: r.name,
          sha256: r.sha256,
          size: r.size === null ? null : Number(r.size),
          url: r.url,
          addedBy: r.added_by,
          addedAt: r.added_at,
        })),
        findings: findings.map((r) => ({
          framework: ref(r.framework_id),
          requirement: r.requirement_ref,
          owner: r.owner,
          dueDate: r.due_date,
          status: r.status,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        })),
        applicability: applicability.map((r) => ({
          framework: ref(r.framework_id),
          requirement: r.requirement_ref,
          applicable: Number(r.applicable) === 1,
          reasons: JSON.parse(r.reasons) as string[],
          justification: r.justification,
          decidedBy: r.decided_by,
          decidedAt: r.decided_at,
        })),
      } satisfies AssessmentTransfer;
    },
    async frameworkHashes(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('assessment_frameworks')
        .select(['id', 'content_hash', 'origin'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((r) => [r.id, { contentHash: r.content_hash, origin: r.origin }]));
    },
    async evidenceContent(orgId, assessmentId, evidenceId) {
      const row = await db
        .selectFrom('assessment_evidence as e')
        .innerJoin('assessment_assessments as a', 'a.id', 'e.assessment_id')
        .select('e.content')
        .where('e.id', '=', evidenceId)
        .where('e.assessment_id', '=', assessmentId)
        .where('a.org_id', '=', orgId)
        .executeTakeFirst();
      if (!row || row.content === null) return null;
      // Both drivers return a Buffer: no copy of a file that may be large.
      return Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content);
    },
    async insert(orgId, data, frameworkIds) {
      const a = data.assessment;
      const fid = (ref: string) => frameworkIds.get(ref) as string;
      await db
        .insertInto('assessment_assessments')
        .values({
          id: a.id,
          org_id: orgId,
          subject: a.subject,
          scope: JSON.stringify(a.scope),
          target_level: a.targetLevel,
          status: a.status,
          cursor: a.cursor,
          created_by: a.createdBy,
          created_at: a.createdAt,
          updated_at: a.updatedAt,
          sealed_hash: a.sealedHash,
          sealed_at: a.sealedAt,
        })
        .execute();
      await db
        .insertInto('assessment_assessment_frameworks')
        .values(a.frameworks.map((ref, position) => ({ assessment_id: a.id, framework_id: fid(ref), position })))
        .execute();
      await inBatches(
        data.answers.map((x) => answerRow(a.id, x, fid(x.framework))),
        (batch) => db.insertInto('assessment_answers').values(batch).execute(),
      );
      await inBatches(
        data.findings.map((x) => findingRow(a.id, x, fid(x.framework))),
        (batch) => db.insertInto('assessment_findings').values(batch).execute(),
      );
      await inBatches(
        (data.applicability ?? []).map((x) => ({
          organization_id: orgId,
          assessment_id: a.id,
          framework_id: fid(x.framework),
          requirement_ref: x.requirement,
          applicable: x.applicable ? 1 : 0,
          reasons: JSON.stringify(x.reasons),
          justification: x.justification,
          decided_by: x.decidedBy,
          decided_at: x.decidedAt,
        })),
        (batch) => db.insertInto('assessment_applicability').values(batch).execute(),
      );
    },
    async insertEvidence(assessmentId, e, frameworkId, content) {
      await db
        .insertInto('assessment_evidence')
        .values({
          id: e.id,
          assessment_id: assessmentId,
          framework_id: frameworkId,
          qid: e.question,
          kind: e.kind,
          name: e.name,
          sha256: e.sha256,
          size: e.size,
          content,
          url: e.url,
          added_by: e.addedBy,
          added_at: e.addedAt,
        })
        .execute();
    },
    async saveAnswer(assessmentId, answer, frameworkId) {
      const row = answerRow(assessmentId, answer, frameworkId);
      await db
        .insertInto('assessment_answers')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['assessment_id', 'framework_id', 'qid']).doUpdateSet({
            value: row.value,
            note: row.note,
            answered_by: row.answered_by,
            answered_at: row.answered_at,
          }),
        )
        .execute();
    },
    async deleteAnswer(assessmentId, frameworkId, question) {
      await db
        .deleteFrom('assessment_answers')
        .where('assessment_id', '=', assessmentId)
        .where('framework_id', '=', frameworkId)
        .where('qid', '=', question)
        .execute();
    },
    async saveFinding(assessmentId, f, frameworkId) {
      const row = findingRow(assessmentId, f, frameworkId);
      await db
        .insertInto('assessment_findings')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['assessment_id', 'framework_id', 'requirement_ref'])
            .doUpdateSet({ owner: row.owner, due_date: row.due_date, status: row.status, updated_at: row.updated_at }),
        )
        .execute();
    },
    async touch(orgId, assessmentId, at) {
      await db
        .updateTable('assessment_assessments')
        .set({ updated_at: at })
        .where('id', '=', assessmentId)
        .where('org_id', '=', orgId)
        .execute();
    },
  };
}
