import type { Kysely } from 'kysely';

/**
 * Sync between a local database and a central one: the peers a workspace
 * syncs with, the last common revision of every record per peer, and the
 * conflicts found and kept for a person to resolve.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_peers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('remote_org_id', 'text', (c) => c.notNull())
    .addColumn('remote_org_slug', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addUniqueConstraint('sync_peers_location', ['organization_id', 'location'])
    .execute();
  await db.schema
    .createTable('sync_state')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('peer_id', 'text', (c) => c.notNull().references('sync_peers.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_state_pk', ['peer_id', 'assessment_id', 'record_key'])
    .execute();
  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('peer_id', 'text', (c) => c.notNull().references('sync_peers.id').onDelete('cascade'))
    .addColumn('assessment_id', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('base_revision', 'text')
    .addColumn('local_revision', 'text')
    .addColumn('local_value', 'text')
    .addColumn('local_by', 'text')
    .addColumn('local_at', 'text')
    .addColumn('remote_revision', 'text')
    .addColumn('remote_value', 'text')
    .addColumn('remote_by', 'text')
    .addColumn('remote_at', 'text')
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema
    .createIndex('sync_conflicts_open')
    .on('sync_conflicts')
    .columns(['organization_id', 'peer_id', 'assessment_id', 'record_key', 'resolved_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_conflicts').execute();
  await db.schema.dropTable('sync_state').execute();
  await db.schema.dropTable('sync_peers').execute();
}
