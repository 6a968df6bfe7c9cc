import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectExit, initWorkspace, type Person, Sandbox } from './helpers.js';

/** Edits the database behind the CLI's back, as an attacker with file access would. */
function tamper<T>(file: string, edit: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return edit(db);
  } finally {
    db.close();
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

describe('tamper-evident audit trail', () => {
  it('audit verify exits 5 naming the entry that was edited, and notices a removed last entry', async () => {
    const sandbox = Sandbox.create();
    const owner = sandbox.person('owner');
    const { organization } = await initWorkspace(owner, 'Acme', 'ana@acme.test');
    const chain = `org:${organization.id}`;

    await owner.json(['user', 'add', '--email', 'luis@acme.test', '--role', 'consultant']);
    await owner.json(['user', 'role', 'luis@acme.test', 'admin']);
    await owner.json(['token', 'create', '--name', 'ci']);
    const clean = expectExit(await owner.run(['audit', 'verify']), 0);
    expect(clean.stdout).toContain('ok: 6 entries verified');

    // Entry 2 is "user.added" for the owner; make it say something else.
    const original = tamper(sandbox.database, (db) => {
      const row = db.prepare('select details from audit_events where chain_key = ? and seq = 2').get(chain) as {
        details: string;
      };
      expect(JSON.parse(row.details)).toMatchObject({ role: 'owner' });
      const changed = db
        .prepare('update audit_events set details = ? where chain_key = ? and seq = 2')
        .run(row.details.replace('"owner"', '"viewer"'), chain);
      expect(changed.changes).toBe(1);
      return row.details;
    });
    await expectBrokenAt(owner, 2, /entry 2 was altered/);

    // Put it back: the chain verifies again, so the failure above was the edit and nothing else.
    tamper(sandbox.database, (db) =>
      db.prepare('update audit_events set details = ? where chain_key = ? and seq = 2').run(original, chain),
    );
    expectExit(await owner.run(['audit', 'verify']), 0);

    // Quietly drop the newest entry (token.created): the separately stored head gives it away.
    const last = tamper(sandbox.database, (db) => {
      const { seq } = db.prepare('select max(seq) as seq from audit_events where chain_key = ?').get(chain) as {
        seq: number;
      };
      expect(db.prepare('delete from audit_events where chain_key = ? and seq = ?').run(chain, seq).changes).toBe(1);
      return seq;
    });
    expect(last).toBe(6);
    await expectBrokenAt(owner, last, /missing/);
  });
});
