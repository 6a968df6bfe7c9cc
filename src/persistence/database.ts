import type { Kysely } from 'kysely';
import type { AssessmentTables } from '../contexts/assessment/adapters/persistence/assessment-tables.js';
import type { AuditTables } from '../contexts/audit/adapters/persistence/audit-tables.js';
import type { ReportingTables } from '../contexts/reporting/adapters/persistence/reporting-tables.js';
import type { AuthTables } from '../contexts/auth/adapters/persistence/auth-tables.js';

/** Every table of every context; each context declares its own part. */
export interface Database extends AuthTables, AuditTables, AssessmentTables, ReportingTables {}

export type DialectName = 'sqlite' | 'postgres';

/** What differs between the dialects, as flags rather than scattered `if`s. */
export interface DialectCapabilities {
  readonly name: DialectName;
  /** Row locks with SELECT ... FOR UPDATE (PostgreSQL); SQLite serialises writers instead. */
  readonly rowLocks: boolean;
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Where the database is, with any password removed: safe to print. */
  readonly location: string;
  close(): Promise<void>;
}
