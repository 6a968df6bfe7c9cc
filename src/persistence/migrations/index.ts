import type { Migration } from 'kysely';
import * as m0001 from './0001-auth-and-audit.js';
import * as m0002 from './0002-assessment.js';
import * as m0003 from './0003-reporting.js';

/** Every migration, in order. Names are stored in the database: never rename one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-auth-and-audit': m0001,
  '0002-assessment': m0002,
  '0003-reporting': m0003,
};
