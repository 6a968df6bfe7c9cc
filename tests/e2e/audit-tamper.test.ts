import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { expectExit, initWorkspace, type Person, Sandbox } from './helpers.js';

/** Plain SQL on the database, `?` placeholders on both dialects. */
interface RawSql {
  get<T>(text: string, ...params: unknown[]): Promise<T>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, ...params: unknown[]): Promise<number>;
}

/** Edits the database behind the CLI's back, as an attacker with access to it would. */
async function tamper<T>(sandbox: Sandbox, edit: (db: RawSql) => Promise<T>): Promise<T> {
  if (sandbox.dialect === 'sqlite') {
    const db = new Database(sandbox.database);
    try {
      return await edit({
        get: async (text, ...params) => db.prepare(text).get(...params) as never,
        run: async (text, ...params) => db.prepare(text).run(...params).changes,
      });
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: sandbox.database });
  await client.connect();
  const numbered = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  try {
    return await edit({
      get: async (text, ...params) => (await client.query(numbered(text), params)).rows[0] as never,
      run: async (text, ...params) => (await client.query(numbered(text), params)).rowCount ?? 0,
    });
  } finally {
    await client.end();
  }
}

async function expectBrokenAt(person: Person, seq: number, problem: RegExp): Promise<void> {
  const r = expectExit(await person.run(['audit', 'verify']), 5);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`broken at entry ${seq}\\b`));
  expect(r.stderr).toMatch(problem);
  const json = await person.jsonError(['audit', 'verify'], 5);
  expect(json.error.code).toBe('AUDIT.TAMPERED');
  expect(JSON.parse(json.run.stdout)).toMatchObject({ ok: false, seq });
}

describe.each(DIALECTS)('tamper-evident audit trail on $name', (dialect) => {
  it('audit verify exits 5 naming the entry that was edited, and notices a removed last entry', async () => {
    const sandbox = await Sandbox.on(dialect);
    const owner = sandbox.person('owner');
    const { organization } = await initWorkspace(owner, 'Acme', 'ana@acme.test');
    const chain = `org:${organization.id}`;

    await owner.json(['user', 'add', '--email', 'luis@acme.test', '--role', 'consultant']);
    await owner.json(['user', 'role', 'luis@acme.test', 'admin']);
    await owner.json(['token', 'create', '--name', 'ci']);
    const clean = expectExit(await owner.run(['audit', 'verify']), 0);
    expect(clean.stdout).toContain('ok: 6 entries verified');

    // Entry 2 is "user.added" for the owner; make it say something else.
    const original = await tamper(sandbox, async (db) => {
      const row = await db.get<{ details: string }>(
        'select details from audit_events where chain_key = ? and seq = 2',
        chain,
      );
      expect(JSON.parse(row.details)).toMatchObject({ role: 'owner' });
      const changed = await db.run(
        'update audit_events set details = ? where chain_key = ? and seq = 2',
        row.details.replace('"owner"', '"viewer"'),
        chain,
      );
      expect(changed).toBe(1);
      return row.details;
    });
    await expectBrokenAt(owner, 2, /entry 2 was altered/);

    // Put it back: the chain verifies again, so the failure above was the edit and nothing else.
    await tamper(sandbox, (db) =>
      db.run('update audit_events set details = ? where chain_key = ? and seq = 2', original, chain),
    );
    expectExit(await owner.run(['audit', 'verify']), 0);

    // Quietly drop the newest entry (token.created): the separately stored head gives it away.
    const last = await tamper(sandbox, async (db) => {
      const seq = Number(
        (await db.get<{ seq: number | string }>('select max(seq) as seq from audit_events where chain_key = ?', chain))
          .seq,
      );
      expect(await db.run('delete from audit_events where chain_key = ? and seq = ?', chain, seq)).toBe(1);
      return seq;
    });
    expect(last).toBe(6);
    await expectBrokenAt(owner, last, /missing/);
  });
});
