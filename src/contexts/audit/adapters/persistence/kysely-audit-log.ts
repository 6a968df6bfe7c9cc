import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, DialectCapabilities } from '../../../../persistence/database.js';
import type { AuditLog, AuditReader, EntryAuthenticator } from '../../application/ports.js';
import { type AuditEvent, GENESIS_HASH, nextEvent } from '../../domain/audit-chain.js';
import type { AuditEventsTable } from './audit-tables.js';

const chainKey = (orgId: string | null) => (orgId === null ? 'system' : `org:${orgId}`);

function toEvent(r: Selectable<AuditEventsTable>): AuditEvent {
  return {
    orgId: r.org_id,
    seq: Number(r.seq),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
    mac: r.mac,
  };
}

/**
 * Writes must run inside the caller's transaction. The chain head row is read
 * with a row lock where the dialect has them (PostgreSQL); SQLite's write
 * transactions are already serialised.
 */
export function kyselyAuditLog(
  db: Kysely<Database>,
  capabilities: DialectCapabilities,
  now: () => Date,
  /** Signs each entry with the audit key; absent when none is configured. */
  authenticator: EntryAuthenticator | null = null,
): AuditLog {
  return {
    async startChain(orgId) {
      await db
        .insertInto('audit_chain_heads')
        .values({ chain_key: chainKey(orgId), seq: 0, hash: GENESIS_HASH })
        .execute();
    },
    chain(orgId) {
      const key = chainKey(orgId);
      return {
        async append(actor, entry) {
          let query = db.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('chain_key', '=', key);
          if (capabilities.rowLocks) query = query.forUpdate();
          const head = await query.executeTakeFirst();
          if (!head) throw new Error(`audit chain ${key} has no head`);
          const event = nextEvent(orgId, { seq: Number(head.seq), hash: head.hash }, actor, entry, now());
          await db
            .insertInto('audit_events')
            .values({
              chain_key: key,
              org_id: event.orgId,
              seq: event.seq,
              at: event.at,
              actor_type: event.actorType,
              actor_id: event.actorId,
              actor_label: event.actorLabel,
              action: event.action,
              target_type: event.targetType,
              target_id: event.targetId,
              details: event.details,
              prev_hash: event.prevHash,
              hash: event.hash,
              mac: authenticator ? authenticator.mac(event) : null,
            })
            .execute();
          await db
            .updateTable('audit_chain_heads')
            .set({ seq: event.seq, hash: event.hash })
            .where('chain_key', '=', key)
            .execute();
        },
      };
    },
  };
}

export function kyselyAuditReader(db: Kysely<Database>): AuditReader {
  return {
    async list(orgId, { limit, action }) {
      let query = db.selectFrom('audit_events').selectAll().where('chain_key', '=', chainKey(orgId));
      if (action) query = query.where('action', '=', action);
      return (await query.orderBy('seq', 'desc').limit(limit).execute()).map(toEvent);
    },
    async all(orgId) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('chain_key', '=', chainKey(orgId))
        .orderBy('seq')
        .execute();
      return rows.map(toEvent);
    },
    async about(orgId, targetId) {
      const under = `${targetId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('chain_key', '=', chainKey(orgId))
        .where((eb) =>
          eb.or([eb('target_id', '=', targetId), eb('target_id', 'like', sql<string>`${under} escape '\\'`)]),
        )
        .orderBy('seq')
        .execute();
      return rows.map(toEvent);
    },
    async head(orgId) {
      const r = await db
        .selectFrom('audit_chain_heads')
        .select(['seq', 'hash'])
        .where('chain_key', '=', chainKey(orgId))
        .executeTakeFirst();
      return r ? { seq: Number(r.seq), hash: r.hash } : null;
    },
  };
}
