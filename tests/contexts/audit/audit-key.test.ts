import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../../src/contexts/audit/domain/audit-chain.js';
import { connect, parseDatabaseTarget } from '../../../src/persistence/connect.js';
import type { Database, DatabaseHandle } from '../../../src/persistence/database.js';
import { CliWorkspace } from '../../support/cli.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const PASSWORD = 'correct horse battery staple';
type Row = Record<string, unknown> & { seq: number; hash: string; mac: string | null };

/**
 * With an audit key (RENFE_AUDIT_KEY, never in the database) every entry
 * carries an HMAC: a chain edited and recomputed with plain SHA-256, or
 * extended by a writer without the key, fails `audit verify` run with it.
 */
describe.each(DIALECTS)('audit entries authenticated with the audit key on $name', (dialect) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let keyed: CliWorkspace;
  let chain: string;
  let original: Row[];

  beforeAll(async () => {
    database = await dialect.fresh();
    keyed = new CliWorkspace(database.url, { RENFE_AUDIT_KEY: 'a long audit secret kept out of the database' });
    const init = await keyed.run(['--json', 'init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    chain = `org:${(JSON.parse(init.stdout) as { organization: { id: string } }).organization.id}`;
    for (const email of ['luis@acme.test', 'eva@acme.test'])
      expect((await keyed.run(['user', 'add', '--email', email, '--role', 'viewer'])).code).toBe(0);
    handle = await connect(parseDatabaseTarget(database.url));
    db = handle.db;
    original = await rows();
  });
  afterAll(async () => {
    await handle?.close();
    await database.drop();
  });

  async function rows(): Promise<Row[]> {
    return (await db
      .selectFrom('audit_events')
      .selectAll()
      .where('chain_key', '=', chain)
      .orderBy('seq')
      .execute()) as unknown as Row[];
  }

  async function replaceChain(next: Row[]): Promise<void> {
    await db.deleteFrom('audit_events').where('chain_key', '=', chain).execute();
    for (const r of next)
      await db
        .insertInto('audit_events')
        .values(r as never)
        .execute();
    const last = next[next.length - 1];
    await db
      .updateTable('audit_chain_heads')
      .set({ seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH })
      .where('chain_key', '=', chain)
      .execute();
  }

  function rehash(list: Row[]): Row[] {
    let prev = GENESIS_HASH;
    return list.map((r) => {
      const event = {
        orgId: r.org_id as string | null,
        seq: Number(r.seq),
        at: r.at as string,
        actorType: r.actor_type as string,
        actorId: r.actor_id as string | null,
        actorLabel: r.actor_label as string,
        action: r.action as string,
        targetType: r.target_type as string,
        targetId: r.target_id as string | null,
        details: r.details as string,
        prevHash: prev,
      };
      prev = hashEvent(event);
      return { ...r, prev_hash: event.prevHash, hash: prev };
    });
  }

  it('every entry carries a valid code', async () => {
    expect(original.every((r) => typeof r.mac === 'string' && /^[0-9a-f]{64}$/.test(r.mac))).toBe(true);
    const r = await keyed.run(['--json', 'audit', 'verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, count: 5, authenticated: 5 });
    expect((await keyed.run(['audit', 'verify'])).stdout).toBe(
      'ok: 5 entries verified, 5 authenticated with the audit key\n',
    );
  });

  it('a chain edited and recomputed passes without the key but not with it', async () => {
    const edited = original.map((r) =>
      Number(r.seq) === 2 ? { ...r, details: String(r.details).replace('owner', 'viewer') } : { ...r },
    );
    for (const [name, next] of [
      ['codes kept', rehash(edited)],
      ['codes dropped from entry 2 on', rehash(edited).map((r) => (Number(r.seq) >= 2 ? { ...r, mac: null } : r))],
    ] as const) {
      await replaceChain(next as Row[]);
      try {
        const unkeyed = await keyed.run(['audit', 'verify'], { env: { RENFE_AUDIT_KEY: '' } });
        expect(unkeyed.code, name).toBe(0);
        const r = await keyed.run(['audit', 'verify']);
        expect(r.code, name).toBe(5);
        expect(r.stderr, name).toMatch(
          /broken at entry 2: entry 2 (fails its authentication code|is not authenticated)/,
        );
      } finally {
        await replaceChain(original);
      }
    }
    expect((await keyed.run(['audit', 'verify'])).code).toBe(0);
  });

  it('an entry written without the key is reported once the chain is authenticated', async () => {
    const r = await keyed.run(['user', 'add', '--email', 'juan@acme.test', '--role', 'viewer'], {
      env: { RENFE_AUDIT_KEY: '' },
    });
    expect(r.code).toBe(0);
    const v = await keyed.run(['audit', 'verify']);
    expect(v.code).toBe(5);
    expect(v.stderr).toContain('entry 6 is not authenticated (written or rebuilt without the audit key)');
  });
});
