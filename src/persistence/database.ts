import type { Kysely } from 'kysely';

/**
 * Every table of every context. Each context adds its own part by declaration
 * merging in its table file:
 *
 *   declare module '../../../../persistence/database.js' { interface Database extends AuthTables {} }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

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
