export interface AuditEventsTable {
  chain_key: string;
  org_id: string | null;
  seq: number;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  /** HMAC-SHA256 of the entry's hash with the audit key (kept outside the database); null when written without it. */
  mac: string | null;
}

export interface AuditChainHeadsTable {
  chain_key: string;
  seq: number;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AuditTables {}
}
