import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/composition.js';
import type { Principal } from '../../src/kernel/principal.js';
import {
  APP_ROLE,
  CROSS_TENANT_ROLE,
  MIGRATION_TABLES,
  ORGANIZATION_COLUMNS,
} from '../../src/persistence/tenant-isolation.js';
import { PASSWORD, signIn, testApp } from '../support/app.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

/**
 * Row-level security on PostgreSQL, checked from the catalog with raw SQL as
 * the application role: every table of the schema (but the migrator's own)
 * must have RLS enabled and forced and a policy for the application role, and
 * none may show the application role, working for organisation A, a row of
 * organisation B. A table added without a policy fails the first check; one
 * whose policy lets rows through fails the second.
 */
const postgres = DIALECTS.find((d) => d.name === 'postgres');
const FIXTURES = fileURLToPath(new URL('../contexts/assessment/fixtures/', import.meta.url));

type Rows = Map<string, Set<string>>;

/** Every row of every table (but the migrator's), as JSON text, read as the connecting user. */
async function snapshot(client: pg.Client): Promise<Rows> {
  const out: Rows = new Map();
  for (const table of await tablesOf(client)) {
    const { rows } = await client.query<{ r: string }>(`select row_to_json(t)::text as r from "${table}" t`);
    out.set(table, new Set(rows.map((x) => x.r)));
  }
  return out;
}

async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table: string }>(
    `select tablename as table from pg_tables where schemaname = current_schema() and not (tablename = any($1))
      order by tablename`,
    [[...MIGRATION_TABLES]],
  );
  return rows.map((r) => r.table);
}

/**
 * What is wrong with row-level security in the current schema, one line a
 * problem: a table without RLS enabled and forced, without a policy for the
 * application role, or showing the application role (working for `orgA`)
 * any row in `foreign` (rows of another organisation, by table) or any row
 * whose `org_id` is `orgB`. Runs in the client's open transaction.
 */
async function rlsProblems(client: pg.Client, orgA: string, orgB: string, foreign: Rows): Promise<string[]> {
  const problems: string[] = [];
  const { rows: tables } = await client.query<{
    table: string;
    enabled: boolean;
    forced: boolean;
    policies: number;
    orgColumn: string | null;
  }>(
    `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
            (select count(*)::int from pg_policy p
              where p.polrelid = c.oid and $2::regrole::oid = any(p.polroles)) as policies,
            (select min(k.column_name) from information_schema.columns k where k.table_schema = n.nspname
                     and k.table_name = c.relname and k.column_name = any($3)) as "orgColumn"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and not (c.relname = any($1))
      order by c.relname`,
    [[...MIGRATION_TABLES], APP_ROLE, [...ORGANIZATION_COLUMNS]],
  );
  for (const t of tables) {
    if (!t.enabled) problems.push(`${t.table}: row-level security is not enabled`);
    if (!t.forced) problems.push(`${t.table}: row-level security is not forced`);
    if (t.policies === 0) problems.push(`${t.table}: no policy for ${APP_ROLE}`);
  }
  await client.query(
    `select set_config('role', $1, true), set_config('app.org_id', $2, true), set_config('app.actor', '', true)`,
    [APP_ROLE, orgA],
  );
  try {
    for (const t of tables) {
      if (t.orgColumn) {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from "${t.table}" where "${t.orgColumn}" = $1`,
          [orgB],
        );
        if (rows[0]!.n > 0) problems.push(`${t.table}: ${APP_ROLE} for A reads ${rows[0]!.n} rows of B`);
      }
      if (t.table === 'auth_organizations') {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from auth_organizations where id = $1`,
          [orgB],
        );
        if (rows[0]!.n > 0) problems.push(`auth_organizations: ${APP_ROLE} for A reads B`);
      }
      const theirs = foreign.get(t.table);
      if (!theirs || theirs.size === 0) continue;
      const { rows } = await client.query<{ r: string }>(`select row_to_json(t)::text as r from "${t.table}" t`);
      const leaked = rows.filter((x) => theirs.has(x.r)).length;
      if (leaked > 0) problems.push(`${t.table}: ${APP_ROLE} for A reads ${leaked} rows of another organisation`);
    }
  } finally {
    await client.query(`select set_config('role', 'none', true)`);
  }
  return problems;
}

describe.skipIf(!postgres)('row-level security on PostgreSQL', () => {
  let database: TestDatabase;
  let app: App;
  let client: pg.Client;
  let orgA: string;
  let orgB: string;
  /** Rows that appeared while organisation B was filled: B's, by table. */
  const ofB: Rows = new Map();

  async function fill(principal: Principal, tag: string) {
    await app.auth.setOrgPolicy(principal, { maxFailures: 4 });
    await app.auth.addUser(principal, { email: `member-${tag}@rls.test`, role: 'consultant' });
    await app.auth.createToken(principal, { name: `ci-${tag}`, role: 'viewer' });
    await app.assessment.importFramework(principal, { path: `${FIXTURES}csv/good.csv` });
    await app.assessment.importFramework(principal, { path: `${FIXTURES}ciso/demo-isms-library.yaml` });
    const a = await app.assessment.create(principal, { subject: `Subject ${tag}`, frameworks: ['nist-csf-2.0'] });
    await app.assessment.answer(principal, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'no' });
    await app.assessment.addEvidence(principal, {
      assessmentId: a.id,
      question: 'RC.RP-01.Q1',
      url: `https://evidence.test/${tag}`,
    });
    await app.survey.create(principal, 'security-culture');
    await app.survey.publish(principal, 'security-culture');
    await app.survey.invite(principal, 'security-culture', { count: 1 });
    await app.training.importCourse(principal, 'phishing');
    await app.billing.setPlan(principal, { plan: 'pro', until: '2027-12-31' });
  }

  beforeAll(async () => {
    database = await postgres!.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Alpha', email: 'ana@rls.test', password: PASSWORD });
    orgA = init.organization.id;
    const ana = await signIn(app, 'ana@rls.test', init.organization.slug);
    // A first, so the shipped catalogs both use are stored (shared) before B exists.
    await fill(ana, 'a');
    const B = await app.auth.createOrganization(ana, { name: 'Beta' });
    orgB = B.id;
    await app.auth.addUser(await signIn(app, 'ana@rls.test', B.slug), {
      email: 'bob@rls.test',
      role: 'owner',
      password: PASSWORD,
    });

    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const before = await snapshot(client);
    // Bob belongs to B only: his account, his session and all of B's rows are B's.
    const bob = await signIn(app, 'bob@rls.test', B.slug);
    await fill(bob, 'b');
    for (const [table, rows] of await snapshot(client)) {
      ofB.set(table, new Set([...rows].filter((r) => !before.get(table)?.has(r))));
    }
  });

  afterAll(async () => {
    await client?.end();
    await app?.close();
    await database?.drop();
  });

  it('every table is isolated, and the application role working for A reads no row of B', async () => {
    // The scenario reaches the tables without an org_id column too, so the row check is not vacuous there.
    const filled = [...ofB].filter(([, rows]) => rows.size > 0).map(([t]) => t);
    const expected = [
      'auth_users',
      'auth_sessions',
      'auth_memberships',
      'auth_api_tokens',
      'auth_org_policies',
      'audit_events',
      'audit_chain_heads',
      'assessment_frameworks',
      'assessment_requirements',
      'assessment_questions',
      'assessment_mapping_sets',
      'assessment_mappings',
      'assessment_assessments',
      'assessment_assessment_frameworks',
      'assessment_answers',
      'assessment_evidence',
      'survey_surveys',
      'survey_invitations',
      'training_courses',
      'billing_accounts',
    ];
    expect(expected.filter((t) => !filled.includes(t))).toEqual([]);
    // As the connecting user (a superuser here), B's rows are there to be read.
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from assessment_answers a join assessment_assessments s on s.id = a.assessment_id where s.org_id = $1',
      [orgB],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);

    await client.query('begin');
    try {
      expect(await rlsProblems(client, orgA, orgB, ofB)).toEqual([]);
    } finally {
      await client.query('rollback');
    }
  });

  it('A sees its own rows and the shipped catalogs; no organisation set sees no tenant row', async () => {
    await client.query('begin');
    try {
      await client.query(`select set_config('role', $1, true), set_config('app.org_id', $2, true)`, [APP_ROLE, orgA]);
      const own = await client.query<{ n: number }>('select count(*)::int as n from assessment_assessments');
      const shipped = await client.query<{ n: number }>(
        'select count(*)::int as n from assessment_frameworks where org_id is null',
      );
      expect(own.rows[0]!.n).toBe(1);
      expect(shipped.rows[0]!.n).toBeGreaterThan(0);
      await client.query(`select set_config('app.org_id', '', true)`);
      for (const table of ['assessment_assessments', 'assessment_answers', 'auth_memberships', 'audit_events']) {
        const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
        expect(rows[0]!.n, table).toBe(0);
      }
      // B's rows cannot be changed, and no row can be written for another organisation.
      await client.query(`select set_config('app.org_id', $1, true)`, [orgA]);
      const changed = await client.query(`update auth_org_policies set max_failures = 3 where org_id = $1`, [orgB]);
      expect(changed.rowCount).toBe(0);
      await expect(
        client.query(`insert into auth_organizations (id, slug, name, created_at) values ('x', 'x', 'x', 'x')`),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await client.query('rollback');
    }
  });

  it('the check fails when a policy is dropped, or row-level security is turned off (inside a rolled-back transaction)', async () => {
    await client.query('begin');
    try {
      await client.query('drop policy tenant_isolation on assessment_answers');
      expect(await rlsProblems(client, orgA, orgB, ofB)).toEqual([`assessment_answers: no policy for ${APP_ROLE}`]);
      await client.query('alter table assessment_answers no force row level security');
      await client.query('alter table assessment_answers disable row level security');
      const problems = await rlsProblems(client, orgA, orgB, ofB);
      expect(problems).toContain('assessment_answers: row-level security is not enabled');
      expect(problems).toContain(
        `assessment_answers: ${APP_ROLE} for A reads ${ofB.get('assessment_answers')!.size} rows of another organisation`,
      );
    } finally {
      await client.query('rollback');
    }
    // Rolled back: the schema is whole again.
    await client.query('begin');
    try {
      expect(await rlsProblems(client, orgA, orgB, ofB)).toEqual([]);
    } finally {
      await client.query('rollback');
    }
  });

  it('the application and cross-tenant roles own no table and cannot bypass row-level security', async () => {
    const { rows } = await client.query<{
      rolname: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcanlogin: boolean;
    }>('select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = any($1) order by rolname', [
      [APP_ROLE, CROSS_TENANT_ROLE],
    ]);
    expect(rows).toEqual([
      { rolname: APP_ROLE, rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: CROSS_TENANT_ROLE, rolsuper: false, rolbypassrls: false, rolcanlogin: false },
    ]);
    const owned = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname = current_schema() and tableowner = any($1)`,
      [[APP_ROLE, CROSS_TENANT_ROLE]],
    );
    expect(owned.rows[0]!.n).toBe(0);
    // Without a purpose, the cross-tenant role reads nothing either.
    await client.query('begin');
    try {
      await client.query(`select set_config('role', $1, true), set_config('app.cross_tenant', '', true)`, [
        CROSS_TENANT_ROLE,
      ]);
      const { rows: seen } = await client.query<{ n: number }>('select count(*)::int as n from auth_organizations');
      expect(seen[0]!.n).toBe(0);
    } finally {
      await client.query('rollback');
    }
  });
});
