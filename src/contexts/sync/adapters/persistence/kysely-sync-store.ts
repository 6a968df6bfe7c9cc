import type { Kysely } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import { newId, newShortId } from '../../../../kernel/ids.js';
import type { SyncRecord } from '../../domain/merge.js';
import { syncRecord } from '../../application/records.js';
import type { StoredConflict, SyncPeer, SyncStore } from '../../application/sync-ports.js';
import type { SyncConflictsTable, SyncPeersTable } from './sync-tables.js';

const BATCH = 400;

const peerOf = (r: SyncPeersTable): SyncPeer => ({
  id: r.id,
  location: r.location,
  remoteOrgId: r.remote_org_id,
  remoteOrgSlug: r.remote_org_slug,
  lastPushAt: r.last_push_at,
  lastPullAt: r.last_pull_at,
});

const parseRecord = (text: string | null): SyncRecord | null =>
  text === null ? null : (JSON.parse(text) as SyncRecord);

const conflictOf = (r: SyncConflictsTable & { location: string }): StoredConflict => ({
  id: r.id,
  peerId: r.peer_id,
  peer: r.location,
  assessmentId: r.assessment_id,
  key: r.record_key,
  base: r.base_revision,
  local: parseRecord(r.local_value),
  remote: parseRecord(r.remote_value),
  detectedAt: r.detected_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolution: r.resolution,
});

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The sync context's store: assessment records read and written as sync records, and the sync tables. */
export function kyselySyncStore(db: Kysely<Database>): SyncStore {
  return {
    async locate(id) {
      const row = await db
        .selectFrom('assessment_assessments')
        .select(['org_id', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { orgId: row.org_id, status: row.status } : null;
    },
    async assessmentIds(orgId) {
      const rows = await db
        .selectFrom('assessment_assessments')
        .select('id')
        .where('org_id', '=', orgId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    async records(orgId, assessmentId) {
      const a = await db
        .selectFrom('assessment_assessments')
        .selectAll()
        .where('id', '=', assessmentId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!a) return [];
      const fw = await db
        .selectFrom('assessment_assessment_frameworks as af')
        .innerJoin('assessment_frameworks as f', 'f.id', 'af.framework_id')
        .select(['f.id', 'f.framework_key', 'f.version'])
        .where('af.assessment_id', '=', assessmentId)
        .execute();
      const refOf = new Map(fw.map((f) => [f.id, `${f.framework_key}@${f.version}`]));
      const ref = (id: string) => refOf.get(id) ?? id;
      const records: SyncRecord[] = [
        syncRecord(
          'assessment',
          'assessment',
          {
            subject: a.subject,
            scope: JSON.parse(a.scope) as unknown,
            targetLevel: Number(a.target_level),
            status: a.status,
            sealedHash: a.sealed_hash,
            sealedAt: a.sealed_at,
          },
          a.created_by,
          a.updated_at,
        ),
      ];
      const answers = await db
        .selectFrom('assessment_answers')
        .selectAll()
        .where('assessment_id', '=', assessmentId)
        .execute();
      for (const r of answers) {
        const framework = ref(r.framework_id);
        records.push(
          syncRecord(
            'answer',
            `answer:${framework}:${r.qid}`,
            { framework, question: r.qid, value: JSON.parse(r.value) as unknown, note: r.note },
            r.answered_by,
            r.answered_at,
          ),
        );
      }
      const findings = await db
        .selectFrom('assessment_findings')
        .selectAll()
        .where('assessment_id', '=', assessmentId)
        .execute();
      for (const r of findings) {
        const framework = ref(r.framework_id);
        records.push(
          syncRecord(
            'finding',
            `finding:${framework}:${r.requirement_ref}`,
            { framework, requirement: r.requirement_ref, owner: r.owner, dueDate: r.due_date, status: r.status },
            null,
            r.updated_at,
          ),
        );
      }
      const evidence = await db
        .selectFrom('assessment_evidence')
        .select(['id', 'framework_id', 'qid', 'kind', 'name', 'sha256', 'size', 'url', 'added_by', 'added_at'])
        .where('assessment_id', '=', assessmentId)
        .execute();
      for (const r of evidence) {
        const framework = ref(r.framework_id);
        records.push(
          syncRecord(
            'evidence',
            `evidence:${r.id}`,
            {
              id: r.id,
              framework,
              question: r.qid,
              kind: r.kind,
              name: r.name,
              sha256: r.sha256,
              size: r.size === null ? null : Number(r.size),
              url: r.url,
            },
            r.added_by,
            r.added_at,
          ),
        );
      }
      return records;
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
      return row?.content ? Buffer.from(row.content) : null;
    },
    async frameworkIds(assessmentId) {
      const rows = await db
        .selectFrom('assessment_assessment_frameworks as af')
        .innerJoin('assessment_frameworks as f', 'f.id', 'af.framework_id')
        .select(['f.id', 'f.framework_key', 'f.version'])
        .where('af.assessment_id', '=', assessmentId)
        .execute();
      return new Map(rows.map((f) => [`${f.framework_key}@${f.version}`, f.id]));
    },
    async inFramework(frameworkId, kind, ref) {
      const row =
        kind === 'question'
          ? await db
              .selectFrom('assessment_questions')
              .select('qid')
              .where('framework_id', '=', frameworkId)
              .where('qid', '=', ref)
              .executeTakeFirst()
          : await db
              .selectFrom('assessment_requirements')
              .select('ref')
              .where('framework_id', '=', frameworkId)
              .where('ref', '=', ref)
              .executeTakeFirst();
      return row !== undefined;
    },
    async apply(orgId, assessmentId, change, frameworkIds) {
      const [kind, ...rest] = change.key.split(':');
      const record = change.record;
      if (kind === 'assessment') {
        if (!record) return;
        const v = record.value;
        await db
          .updateTable('assessment_assessments')
          .set({
            subject: str(v.subject),
            scope: JSON.stringify(v.scope),
            target_level: Number(v.targetLevel),
            status: str(v.status),
            sealed_hash: strOrNull(v.sealedHash),
            sealed_at: strOrNull(v.sealedAt),
          })
          .where('id', '=', assessmentId)
          .where('org_id', '=', orgId)
          .execute();
        return;
      }
      if (kind === 'evidence') {
        const id = rest.join(':');
        if (!record) {
          await db
            .deleteFrom('assessment_evidence')
            .where('id', '=', id)
            .where('assessment_id', '=', assessmentId)
            .execute();
          return;
        }
        const v = record.value;
        const row = {
          framework_id: frameworkIds.get(str(v.framework)) as string,
          qid: str(v.question),
          kind: str(v.kind),
          name: str(v.name),
          sha256: strOrNull(v.sha256),
          size: v.size === null || v.size === undefined ? null : Number(v.size),
          content: change.content ?? null,
          url: strOrNull(v.url),
          added_by: record.by ?? '',
          added_at: record.at ?? '',
        };
        await db
          .insertInto('assessment_evidence')
          .values({ id, assessment_id: assessmentId, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
        return;
      }
      const framework = rest[0] as string;
      const ref = rest.slice(1).join(':');
      const frameworkId = frameworkIds.get(framework) as string;
      if (kind === 'answer') {
        if (!record) {
          await db
            .deleteFrom('assessment_answers')
            .where('assessment_id', '=', assessmentId)
            .where('framework_id', '=', frameworkId)
            .where('qid', '=', ref)
            .execute();
          return;
        }
        const row = {
          value: JSON.stringify(record.value.value),
          note: strOrNull(record.value.note),
          answered_by: record.by ?? '',
          answered_at: record.at ?? '',
        };
        await db
          .insertInto('assessment_answers')
          .values({ assessment_id: assessmentId, framework_id: frameworkId, qid: ref, ...row })
          .onConflict((oc) => oc.columns(['assessment_id', 'framework_id', 'qid']).doUpdateSet(row))
          .execute();
        return;
      }
      if (!record) {
        await db
          .deleteFrom('assessment_findings')
          .where('assessment_id', '=', assessmentId)
          .where('framework_id', '=', frameworkId)
          .where('requirement_ref', '=', ref)
          .execute();
        return;
      }
      const v = record.value;
      const at = record.at ?? '';
      const row = { owner: strOrNull(v.owner), due_date: strOrNull(v.dueDate), status: str(v.status), updated_at: at };
      await db
        .insertInto('assessment_findings')
        .values({
          id: newId(),
          assessment_id: assessmentId,
          framework_id: frameworkId,
          requirement_ref: ref,
          created_at: at,
          ...row,
        })
        .onConflict((oc) => oc.columns(['assessment_id', 'framework_id', 'requirement_ref']).doUpdateSet(row))
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

    async peer(orgId, location) {
      const row = await db
        .selectFrom('sync_peers')
        .selectAll()
        .where('organization_id', '=', orgId)
        .where('location', '=', location)
        .executeTakeFirst();
      return row ? peerOf(row) : null;
    },
    async peers(orgId) {
      const rows = await db
        .selectFrom('sync_peers')
        .selectAll()
        .where('organization_id', '=', orgId)
        .orderBy('created_at')
        .execute();
      return rows.map(peerOf);
    },
    async addPeer(orgId, peer, at) {
      const row: SyncPeersTable = {
        id: newId(),
        organization_id: orgId,
        location: peer.location,
        remote_org_id: peer.remoteOrgId,
        remote_org_slug: peer.remoteOrgSlug,
        created_at: at,
        last_push_at: null,
        last_pull_at: null,
      };
      await db.insertInto('sync_peers').values(row).execute();
      return peerOf(row);
    },
    async markPeer(peerId, what, at) {
      await db
        .updateTable('sync_peers')
        .set(what === 'push' ? { last_push_at: at } : { last_pull_at: at })
        .where('id', '=', peerId)
        .execute();
    },
    async tracked(peerId) {
      const rows = await db
        .selectFrom('sync_state')
        .select('assessment_id')
        .distinct()
        .where('peer_id', '=', peerId)
        .orderBy('assessment_id')
        .execute();
      return rows.map((r) => r.assessment_id);
    },
    async base(peerId, assessmentId) {
      const rows = await db
        .selectFrom('sync_state')
        .select(['record_key', 'revision'])
        .where('peer_id', '=', peerId)
        .where('assessment_id', '=', assessmentId)
        .execute();
      return new Map(rows.map((r) => [r.record_key, r.revision]));
    },
    async saveBase(orgId, peerId, assessmentId, entries, at) {
      for (let i = 0; i < entries.length; i += BATCH) {
        const slice = entries.slice(i, i + BATCH);
        await db
          .deleteFrom('sync_state')
          .where('peer_id', '=', peerId)
          .where('assessment_id', '=', assessmentId)
          .where(
            'record_key',
            'in',
            slice.map((e) => e.key),
          )
          .execute();
        const kept = slice.filter((e) => e.revision !== null);
        if (kept.length > 0) {
          await db
            .insertInto('sync_state')
            .values(
              kept.map((e) => ({
                organization_id: orgId,
                peer_id: peerId,
                assessment_id: assessmentId,
                record_key: e.key,
                revision: e.revision as string,
                origin: e.origin,
                synced_at: at,
              })),
            )
            .execute();
        }
      }
    },
    async conflicts(orgId, options) {
      let q = db
        .selectFrom('sync_conflicts as c')
        .innerJoin('sync_peers as p', 'p.id', 'c.peer_id')
        .selectAll('c')
        .select('p.location')
        .where('c.organization_id', '=', orgId);
      if (options.open) q = q.where('c.resolved_at', 'is', null);
      if (options.peerId) q = q.where('c.peer_id', '=', options.peerId);
      if (options.assessmentId) q = q.where('c.assessment_id', '=', options.assessmentId);
      const rows = await q.orderBy('c.detected_at').orderBy('c.record_key').execute();
      return rows.map(conflictOf);
    },
    async conflict(orgId, id) {
      const row = await db
        .selectFrom('sync_conflicts as c')
        .innerJoin('sync_peers as p', 'p.id', 'c.peer_id')
        .selectAll('c')
        .select('p.location')
        .where('c.organization_id', '=', orgId)
        .where('c.id', '=', id)
        .executeTakeFirst();
      return row ? conflictOf(row) : null;
    },
    async saveConflict(orgId, c) {
      const values = {
        base_revision: c.base,
        local_revision: c.local?.revision ?? null,
        local_value: c.local ? JSON.stringify(c.local) : null,
        local_by: c.local?.by ?? null,
        local_at: c.local?.at ?? null,
        remote_revision: c.remote?.revision ?? null,
        remote_value: c.remote ? JSON.stringify(c.remote) : null,
        remote_by: c.remote?.by ?? null,
        remote_at: c.remote?.at ?? null,
      };
      const open = await db
        .selectFrom('sync_conflicts')
        .select(['id', 'local_revision', 'remote_revision'])
        .where('organization_id', '=', orgId)
        .where('peer_id', '=', c.peerId)
        .where('assessment_id', '=', c.assessmentId)
        .where('record_key', '=', c.key)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      if (open) {
        if (open.local_revision !== values.local_revision || open.remote_revision !== values.remote_revision) {
          await db.updateTable('sync_conflicts').set(values).where('id', '=', open.id).execute();
        }
        return { id: open.id, fresh: false };
      }
      const id = newShortId();
      await db
        .insertInto('sync_conflicts')
        .values({
          id,
          organization_id: orgId,
          peer_id: c.peerId,
          assessment_id: c.assessmentId,
          record_key: c.key,
          detected_at: c.detectedAt,
          resolved_at: null,
          resolved_by: null,
          resolution: null,
          ...values,
        })
        .execute();
      return { id, fresh: true };
    },
    async closeConflict(orgId, id, resolution, by, at) {
      await db
        .updateTable('sync_conflicts')
        .set({ resolved_at: at, resolved_by: by, resolution })
        .where('organization_id', '=', orgId)
        .where('id', '=', id)
        .execute();
    },
  };
}
