import { describe, expect, it } from 'vitest';
import { connect, parseDatabaseTarget, redactUrl } from '../../src/persistence/connect.js';
import { readSchemaState } from '../../src/persistence/migrator.js';
import { allMigrations } from '../../src/composition.js';
import { DIALECTS } from '../support/databases.js';

describe('database URLs', () => {
  it('take paths, sqlite: and postgres:// URLs', () => {
    expect(parseDatabaseTarget('/tmp/x.db')).toEqual({ dialect: 'sqlite', path: '/tmp/x.db' });
    expect(parseDatabaseTarget('sqlite:/tmp/y.db')).toEqual({ dialect: 'sqlite', path: '/tmp/y.db' });
    expect(parseDatabaseTarget('sqlite:///tmp/z.db')).toEqual({ dialect: 'sqlite', path: '/tmp/z.db' });
    expect(parseDatabaseTarget('postgres://u:p@h:5432/d')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@h:5432/d',
    });
  });

  it('refuse other schemes and malformed URLs in one line', () => {
    expect(() => parseDatabaseTarget('mysql://h/d')).toThrow(/unsupported database URL scheme "mysql:"/);
    expect(() => parseDatabaseTarget('postgres://')).toThrow(/malformed PostgreSQL URL/);
    expect(() => parseDatabaseTarget('  ')).toThrow(/empty/);
  });

  it('never print passwords', () => {
    expect(redactUrl('postgres://renfe:s3cret@db:5432/x')).toBe('postgres://renfe:***@db:5432/x');
  });

  it('report an unreachable server as unavailable', async () => {
    await expect(connect(parseDatabaseTarget('postgres://nobody@127.0.0.1:1/x'))).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/x'),
    });
  });
});

describe.each(DIALECTS)('schema state on $name', (dialect) => {
  it('is empty before migrations and complete after', async () => {
    const database = await dialect.fresh();
    const handle = await connect(parseDatabaseTarget(database.url));
    try {
      expect(await readSchemaState(handle.db, await allMigrations())).toMatchObject({ applied: [], unknown: [] });
      const { migrateToLatest } = await import('../../src/persistence/migrator.js');
      await migrateToLatest(handle.db, await allMigrations());
      const state = await readSchemaState(handle.db, await allMigrations());
      expect(state.pending).toEqual([]);
      expect(state.applied.length).toBeGreaterThan(0);
      expect(await migrateToLatest(handle.db, await allMigrations())).toEqual([]);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
