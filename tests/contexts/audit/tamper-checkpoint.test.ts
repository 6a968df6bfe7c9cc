import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../../src/contexts/audit/domain/audit-chain.js';
import { checkpointSigningText } from '../../../src/contexts/audit/domain/checkpoint.js';
import { connect, parseDatabaseTarget } from '../../../src/persistence/connect.js';
import type { Database, DatabaseHandle } from '../../../src/persistence/database.js';
import { CliWorkspace } from '../../support/cli.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const PASSWORD = 'correct horse battery staple';

type Row = Record<string, unknown> & { seq: number; hash: string; prev_hash: string };

/**
 * Someone with write access to the database (not to the key folder or the
 * checkpoint file) cuts, wipes, rebuilds or edits the chain. Each case passes
 * or fails a plain `audit verify` as shown, and always fails `--against`.
 */
describe.each(DIALECTS)('audit chain against a signed checkpoint on $name', (dialect) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let ws: CliWorkspace;
  let dir: string;
  let chain: string;
  let checkpoint: string;
  let original: Row[];

  beforeAll(async () => {
    database = await dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'renfe-checkpoint-'));
    ws = new CliWorkspace(database.url);
    const init = await ws.run(['--json', 'init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    chain = `org:${(JSON.parse(init.stdout) as { organization: { id: string } }).organization.id}`;
    for (const email of ['luis@acme.test', 'eva@acme.test', 'juan@acme.test'])
      expect((await ws.run(['user', 'add', '--email', email, '--role', 'viewer'])).code).toBe(0);
    checkpoint = join(dir, 'head.json');
    const made = await ws.run(['audit', 'checkpoint', '--out', checkpoint]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Checkpoint of entry 6 signed by key [0-9a-f]{16} written to/);
    expect(statSync(checkpoint).mode & 0o777).toBe(0o600);
    // The chain goes on after the checkpoint.
    expect((await ws.run(['user', 'add', '--email', 'rosa@acme.test', '--role', 'viewer'])).code).toBe(0);
    handle = await connect(parseDatabaseTarget(database.url));
    db = handle.db;
    original = await rows();
  });
  afterAll(async () => {
    await handle?.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
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

  /** Recomputes every hash with plain SHA-256 from `from` on, as an attacker can. */
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

  async function verdicts(): Promise<{ plain: number; against: { code: number; stderr: string } }> {
    const plain = (await ws.run(['audit', 'verify'])).code;
    const against = await ws.run(['audit', 'verify', '--against', checkpoint]);
    return { plain, against: { code: against.code, stderr: against.stderr } };
  }

  it('an untouched chain that grew after the checkpoint verifies against it', async () => {
    const r = await ws.run(['audit', 'verify', '--against', checkpoint]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ok: 7 entries verified; entry 6 matches the checkpoint of .* signed by key [0-9a-f]{16}\n$/,
    );
  });

  it.each([
    {
      name: 'truncate: the last entries deleted and the head moved back',
      edit: (list: Row[]) => list.slice(0, 3),
      plain: 0,
      problem: /broken at entry 4: entries 4\.\.6 were removed after the checkpoint \(the chain ends at entry 3\)/,
    },
    {
      name: 'wipe: every entry deleted with the head',
      edit: () => [],
      plain: 0,
      problem: /broken at entry 1: the chain is empty, but the checkpoint holds 6 entries/,
    },
    {
      name: 'rebuild: an entry edited and the chain recomputed with SHA-256',
      edit: (list: Row[]) =>
        rehash(
          list.map((r) => (Number(r.seq) === 2 ? { ...r, details: String(r.details).replace('owner', 'viewer') } : r)),
        ),
      plain: 0,
      problem: /broken at entry 6: entry 6 differs from the checkpoint \(the chain was edited and recomputed\)/,
    },
    {
      name: 'edit: an entry changed in place',
      edit: (list: Row[]) => list.map((r) => (Number(r.seq) === 3 ? { ...r, action: 'user.removed' } : r)),
      plain: 5,
      problem: /broken at entry 3: entry 3 was altered/,
    },
  ])('$name fails verify --against (exit 5)', async ({ edit, plain, problem }) => {
    await replaceChain(edit(original.map((r) => ({ ...r }))));
    try {
      const v = await verdicts();
      expect(v.plain).toBe(plain);
      expect(v.against.code).toBe(5);
      expect(v.against.stderr).toMatch(problem);
    } finally {
      await replaceChain(original);
    }
    expect((await verdicts()).against.code).toBe(0);
  });

  it('a checkpoint changed by hand, or signed by another key, is refused as forged (exit 13)', async () => {
    const cp = JSON.parse(readFileSync(checkpoint, 'utf8')) as Record<string, unknown>;
    const moved = join(dir, 'moved.json');
    writeFileSync(moved, JSON.stringify({ ...cp, seq: 3, hash: original[2]?.hash }));
    const a = await ws.run(['--json', 'audit', 'verify', '--against', moved]);
    expect(a.code).toBe(13);
    expect(JSON.parse(a.stderr).error).toMatchObject({ code: 'AUDIT.CHECKPOINT_FORGED' });

    // A checkpoint the attacker signs with a key of their own.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const { createHash } = await import('node:crypto');
    const body = {
      ...cp,
      seq: 3,
      hash: original[2]?.hash,
      publicKey: der,
      keyId: createHash('sha256').update(Buffer.from(der, 'base64')).digest('hex').slice(0, 16),
    } as never;
    const resigned = join(dir, 'resigned.json');
    writeFileSync(
      resigned,
      JSON.stringify({
        ...(body as object),
        signature: sign(null, Buffer.from(checkpointSigningText(body)), privateKey).toString('base64'),
      }),
    );
    const b = await ws.run(['audit', 'verify', '--against', resigned]);
    expect(b.code).toBe(13);
    expect(b.stderr).toMatch(/signed by key [0-9a-f]{16}, not by this organisation's key [0-9a-f]{16}/);

    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"schema":"something else"}');
    const c = await ws.run(['audit', 'verify', '--against', junk]);
    expect(c.code).toBe(3);
    expect(c.stderr).toContain(`${junk}: not an audit checkpoint`);
  });
});
