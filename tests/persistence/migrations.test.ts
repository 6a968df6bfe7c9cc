import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/composition.js';
import { connect, parseDatabaseTarget } from '../../src/persistence/connect.js';
import { MIGRATION_TABLE, migrateToLatest } from '../../src/persistence/migrator.js';
import { fastHasher, PASSWORD, testApp } from '../support/app.js';
import { DIALECTS } from '../support/databases.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Released migrations never change: a database that ran one must be in the
 * state the code expects of it. Each file's SHA-256 (line endings as LF) is
 * frozen here; a new migration is added to the table when it is released.
 */
const FROZEN: Readonly<Record<string, string>> = {
  'src/contexts/auth/adapters/persistence/migrations/0001-auth-and-audit.ts':
    '6415557b6d8324d077309818579fa8bf7be4d7d275a1ea85169d4b760a458197',
  'src/contexts/assessment/adapters/persistence/migrations/0002-assessment.ts':
    '0c3ac436fbd0a5e795929b644a4861e80b887c7d05dba91c20f12efc890cc0dd',
  'src/contexts/reporting/adapters/persistence/migrations/0003-reporting.ts':
    '91276484e94c5d1dc933da700221201a15ea53207c1867639a3cad1245b0291c',
  'src/contexts/auth/adapters/persistence/migrations/0004-security.ts':
    'b5ff9679677d1cee08d917c9d75c2c1d4ddb888dc92f0a8896f609870c7c765d',
  'src/contexts/assessment/adapters/persistence/migrations/0005-framework-versions.ts':
    '9b98b5212d0621a7ac25531979d6921ceb58519f0274da995a7081597dc9e1ff',
  'src/contexts/billing/adapters/persistence/migrations/0006-billing.ts':
    '5d221590290a5f284bd6f0655cd2b9337df8ced1aadade43665433659daa6dcc',
  'src/contexts/jobs/adapters/persistence/migrations/0007-jobs.ts':
    'e7387b0346d52907789384b8cc250a319ede735a370befc996805c48e76ef851',
  'src/contexts/survey/adapters/persistence/migrations/0008-survey.ts':
    '2add965fe3b93bf91151a55bb909bb81dfa5fc96c4e962cd3c38ebc0bf856a27',
  'src/contexts/training/adapters/persistence/migrations/0009-training.ts':
    '0edb650a059edc1ba7b104145d819546049bb0c6eb01e5cb01645d7be80614b7',
  'src/contexts/assessment/adapters/persistence/migrations/0010-applicability.ts':
    'abb2ec41919abdc9e9c230dc154cf57939c7ba1b549dda2df689904a4a2b2c38',
  'src/contexts/sync/adapters/persistence/migrations/0011-sync.ts':
    '1903a4c39e45571ac17217ce5080bf91e02d8707668ba4fa477a692c1910fa32',
  'src/contexts/auth/adapters/persistence/migrations/0020-row-level-security.ts':
    'e9eb2073804c9347c06e25cfa89e901211627eeab515192c465dfa3118456fa9',
  'src/contexts/assessment/adapters/persistence/migrations/0021-requirement-recommendations.ts':
    '31cf7c4b67fed030afbedde0bf1f2f157d1bc9f79242ab8005b695b945658817',
};

function migrationFiles(): string[] {
  const contexts = join(REPO, 'src', 'contexts');
  const files: string[] = [];
  for (const context of readdirSync(contexts)) {
    const dir = join(contexts, context, 'adapters', 'persistence', 'migrations');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (name.endsWith('.ts')) files.push(relative(REPO, join(dir, name)));
  }
  return files.sort();
}

const sha256 = (path: string) =>
  createHash('sha256')
    .update(readFileSync(join(REPO, path), 'utf8').replace(/\r\n/g, '\n'))
    .digest('hex');

describe('released migrations', () => {
  it('are unchanged, byte for byte', () => {
    const changed = Object.entries(FROZEN).filter(([path, hash]) => {
      try {
        return sha256(path) !== hash;
      } catch {
        return true; // deleted or moved
      }
    });
    expect(changed.map(([path]) => path)).toEqual([]);
  });

  it('are each declared once by their module, under the name of their file', async () => {
    const names = Object.keys(await allMigrations());
    const files = migrationFiles().map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, ''));
    expect([...names].sort()).toEqual([...files].sort());
    for (const path of Object.keys(FROZEN)) expect(names).toContain(path.replace(/^.*\//, '').replace(/\.ts$/, ''));
  });
});

const ORG = { id: 'org-seeded', slug: 'seeded', name: 'Seeded at an old version' };
const USER = { id: 'user-seeded', email: 'old@seeded.test' };
const FRAMEWORK = 'seeded-framework';

describe.each(DIALECTS)('upgrading from every earlier schema version on $name', (dialect) => {
  it('keeps what was stored at each version and works on it after the upgrade', async () => {
    const names = Object.keys(await allMigrations()).sort();
    const migrations = await allMigrations();
    const hash = await fastHasher.hash(PASSWORD);
    for (let k = 1; k < names.length; k++) {
      const at = names[k - 1] as string;
      const database = await dialect.fresh();
      try {
        // The schema as it was at version `at`: the migrations up to it, no more.
        const handle = await connect(parseDatabaseTarget(database.url), { create: true });
        try {
          const prefix = Object.fromEntries(names.slice(0, k).map((n) => [n, migrations[n]!]));
          expect(await migrateToLatest(handle.db, prefix)).toEqual(names.slice(0, k));
          const db = handle.db as any;
          const created = '2025-06-01T10:00:00.000Z';
          await db
            .insertInto('auth_organizations')
            .values({ ...ORG, created_at: created })
            .execute();
          await db
            .insertInto('auth_users')
            .values({ ...USER, name: 'Old User', password_hash: hash, failed_login_count: 0, created_at: created })
            .execute();
          await db
            .insertInto('auth_memberships')
            .values({ org_id: ORG.id, user_id: USER.id, role: 'owner', status: 'active', created_at: created })
            .execute();
          // An organisation's audit chain starts with it (see the audit log's startChain).
          await db
            .insertInto('audit_chain_heads')
            .values({ chain_key: `org:${ORG.id}`, seq: 0, hash: '0'.repeat(64) })
            .execute();
          if (names.slice(0, k).includes('0002-assessment')) {
            await db
              .insertInto('assessment_frameworks')
              .values({
                id: 'fw-seeded',
                org_id: ORG.id,
                scope_key: ORG.id,
                framework_key: FRAMEWORK,
                version: '1',
                name: 'Seeded framework',
                languages: JSON.stringify(['en']),
                levels: JSON.stringify([]),
                origin: 'renfe',
                content_hash: 'a'.repeat(64),
                requirement_count: 0,
                question_count: 0,
                created_at: created,
              })
              .execute();
          }
        } finally {
          await handle.close();
        }

        // The newest renfe upgrades it and works on the old rows.
        const { app } = await testApp(database, undefined, 'migrate');
        try {
          expect(app.schema.pending).toEqual([]);
          const applied = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`
            .execute(app.handle.db)
            .then((r) => r.rows.map((row) => row.name));
          expect(applied).toEqual(names);
          const { session } = await app.auth.login({ email: USER.email, password: PASSWORD });
          const owner = await app.auth.authenticate({ sessionSecret: session.token, orgSlug: ORG.slug });
          expect(owner.org?.id).toBe(ORG.id);
          expect(owner.role).toBe('owner');
          if (names.slice(0, k).includes('0002-assessment')) {
            const row = await (app.handle.db as any)
              .selectFrom('assessment_frameworks')
              .select(['framework_key', 'name', 'org_id'])
              .where('id', '=', 'fw-seeded')
              .executeTakeFirst();
            expect(row, `framework stored at ${at}`).toEqual({
              framework_key: FRAMEWORK,
              name: 'Seeded framework',
              org_id: ORG.id,
            });
          }
          // New work on the upgraded database: an assessment, an answer, a chain that verifies.
          const a = await app.assessment.create(owner, {
            subject: `After ${at}`,
            frameworks: ['nist-csf-2.0'],
            domains: ['RC'],
          });
          await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'yes' });
          const verified = await app.audit.verify(owner);
          expect(verified, `audit after upgrading from ${at}`).toMatchObject({ ok: true });
        } finally {
          await app.close();
        }
      } finally {
        await database.drop();
      }
    }
  }, 180_000);
});

describe.each(DIALECTS)('a migration that fails half way on $name', (dialect) => {
  it('leaves none of its tables and none of the run’s records, and the next run starts clean', async () => {
    const database = await dialect.fresh();
    try {
      const handle = await connect(parseDatabaseTarget(database.url), { create: true });
      try {
        const tableExists = async (name: string) => {
          try {
            await sql`select count(*) from ${sql.table(name)}`.execute(handle.db);
            return true;
          } catch {
            return false;
          }
        };
        const createTable = (db: any, name: string) =>
          db.schema
            .createTable(name)
            .addColumn('id', 'text', (c: any) => c.primaryKey())
            .execute();
        const first = { up: (db: any) => createTable(db, 'mig_first') };
        const failing = {
          async up(db: any) {
            await createTable(db, 'mig_half');
            await db.insertInto('mig_half').values({ id: 'a' }).execute();
            throw new Error('stopped half way');
          },
        };
        await expect(migrateToLatest(handle.db, { '9001-first': first, '9002-half': failing })).rejects.toThrow(
          /9002-half/,
        );
        // All pending migrations run in one transaction: the one that failed and the one before it.
        expect(await tableExists('mig_half')).toBe(false);
        expect(await tableExists('mig_first')).toBe(false);
        const recorded = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`
          .execute(handle.db)
          .then((r) => r.rows.map((row) => row.name))
          .catch(() => [] as string[]);
        expect(recorded).toEqual([]);
        // Fixed, the same migrations run from the start.
        const fixed = { up: (db: any) => createTable(db, 'mig_half') };
        expect(await migrateToLatest(handle.db, { '9001-first': first, '9002-half': fixed })).toEqual([
          '9001-first',
          '9002-half',
        ]);
        expect(await tableExists('mig_half')).toBe(true);
      } finally {
        await handle.close();
      }
    } finally {
      await database.drop();
    }
  });
});
