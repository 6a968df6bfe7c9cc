/** Row shapes of the sync context's tables (0011). */
export interface SyncPeersTable {
  id: string;
  organization_id: string;
  /** Where the peer is (a database location, credentials masked). */
  location: string;
  remote_org_id: string;
  remote_org_slug: string;
  created_at: string;
  last_push_at: string | null;
  last_pull_at: string | null;
}

/** The last common revision of one record with one peer (a record absent here and there has none). */
export interface SyncStateTable {
  organization_id: string;
  peer_id: string;
  assessment_id: string;
  record_key: string;
  /** The record's revision (SHA-256 of its content) both sides held after the last sync; `deleted` for a tombstone. */
  revision: string;
  /** The database the revision was made in: `local`, or the peer's location. */
  origin: string;
  synced_at: string;
}

export interface SyncConflictsTable {
  id: string;
  organization_id: string;
  peer_id: string;
  assessment_id: string;
  record_key: string;
  base_revision: string | null;
  local_revision: string | null;
  /** JSON of the record here (null: deleted here). */
  local_value: string | null;
  local_by: string | null;
  local_at: string | null;
  remote_revision: string | null;
  remote_value: string | null;
  remote_by: string | null;
  remote_at: string | null;
  detected_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** `local`, `remote` or `value`. */
  resolution: string | null;
}

export interface SyncTables {
  sync_peers: SyncPeersTable;
  sync_state: SyncStateTable;
  sync_conflicts: SyncConflictsTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends SyncTables {}
}
