/** Row shapes of the auth context's tables, as the drivers store them. */
export interface AuthOrganizationsTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface AuthUsersTable {
  id: string;
  email: string;
  name: string | null;
  password_hash: string | null;
  failed_login_count: number;
  failed_window_start: string | null;
  locked_until: string | null;
  created_at: string;
}

export interface AuthMembershipsTable {
  org_id: string;
  user_id: string;
  role: string;
  status: string;
  created_at: string;
}

export interface AuthSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuthApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  role: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuthOrgPoliciesTable {
  org_id: string;
  max_failures: number;
  window_minutes: number;
  lock_minutes: number;
  session_hours: number;
  updated_at: string;
  updated_by: string | null;
}

export interface AuthTables {
  auth_organizations: AuthOrganizationsTable;
  auth_users: AuthUsersTable;
  auth_memberships: AuthMembershipsTable;
  auth_sessions: AuthSessionsTable;
  auth_api_tokens: AuthApiTokensTable;
  auth_org_policies: AuthOrgPoliciesTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AuthTables {}
}
