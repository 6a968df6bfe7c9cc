import type { Migration } from 'kysely';
import * as m0001 from './0001-auth-and-audit.js';

/** Every migration, in order. Names are stored in the database: never rename one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-auth-and-audit': m0001,
};
