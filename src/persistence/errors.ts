import { defineErrors } from '../kernel/errors.js';

/** Errors of the database layer: URLs, connections, schema versions. */
export const PERSISTENCE_ERRORS = defineErrors({
  badUrl: {
    code: 'DB.BAD_URL',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: 'the database URL or path is empty, malformed or of an unsupported scheme',
  },
  notInitialised: {
    code: 'DB.NOT_INITIALISED',
    kind: 'schema-mismatch',
    message: '{problem}',
    hint: 'run `renfe init` to create a workspace, or `renfe db migrate` to create the tables',
    meaning: 'there is no renfe database (or no renfe schema in it) where the command looked',
  },
  unavailable: {
    code: 'DB.UNAVAILABLE',
    kind: 'unavailable',
    message: '{problem}',
    meaning: 'the database cannot be opened or reached, or the connection was lost',
  },
  migrationFailed: {
    code: 'DB.MIGRATION_FAILED',
    kind: 'unavailable',
    message: 'migration {name} failed: {reason}',
    meaning: 'a schema migration failed; nothing of it was applied',
  },
  schemaNewer: {
    code: 'DB.SCHEMA_NEWER',
    kind: 'schema-mismatch',
    message: 'the database schema is newer than this renfe (unknown migrations: {names}); refusing to write',
    hint: 'upgrade renfe to the version that migrated this database',
    meaning: 'the database was migrated by a newer renfe: reads work, writes are refused',
  },
  schemaBehind: {
    code: 'DB.SCHEMA_BEHIND',
    kind: 'schema-mismatch',
    message: 'the database schema is behind this renfe ({pending})',
    hint: 'run `renfe db migrate`',
    meaning: 'this renfe has migrations the database has not run yet',
  },
  conflict: {
    code: 'DB.CONFLICT',
    kind: 'conflict',
    message: 'a concurrent change to the same record got there first',
    hint: 'run the command again',
    meaning: 'another process created the same record at the same moment',
  },
  busy: {
    code: 'DB.BUSY',
    kind: 'unavailable',
    message: 'the database stayed busy too long',
    hint: 'run the command again',
    meaning: 'other writers held the database longer than the busy timeout',
  },
});
