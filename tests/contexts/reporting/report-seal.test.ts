import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfSealer } from '../../../src/contexts/reporting/adapters/pdf/pdf-seal.js';
import { parseSeal, sealText, statementText } from '../../../src/contexts/reporting/domain/report-seal.js';
import { connect, parseDatabaseTarget } from '../../../src/persistence/connect.js';
import { CliWorkspace } from '../../support/cli.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * PDF reports are sealed with the organisation's key (held outside the
 * database). Someone who can write to the database edits a report, or
 * re-signs it with a key of their own, and forges the report's row to match:
 * `report verify` still says it is not ours.
 */
describe.each(DIALECTS)('sealed PDF reports on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let id: string;
  let pdf: string;

  beforeAll(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-seal-'));
    await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = (
      await ws.run(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC'])
    ).stdout.trim();
    expect((await ws.run(['assessment', 'answer', id, 'RC.RP-01.Q1', 'yes'])).code).toBe(0);
    pdf = join(dir, 'report.pdf');
    const made = await ws.run(['report', 'generate', id, '--template', 'executive', '--out', pdf]);
    expect(made.code, made.stderr).toBe(0);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Points the report's row at another file, as a database writer can. */
  async function forgeRow(fileHash: string): Promise<void> {
    const handle = await connect(parseDatabaseTarget(database.url));
    try {
      await handle.db.updateTable('reporting_reports').set({ file_hash: fileHash }).execute();
    } finally {
      await handle.close();
    }
  }

  it('a sealed report verifies with the organisation key', async () => {
    const r = await ws.run(['report', 'verify', pdf]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("its seal verifies with the organisation's key and its data is unchanged");
    const seal = parseSeal(pdfSealer.extract(readFileSync(pdf))?.seal ?? '');
    expect(seal?.statement).toMatchObject({ assessment: id, schema: 'renfe.report-seal/v1' });
  });

  it('an edited report with a forged row, or one re-signed with another key, is not ours (exit 4)', async () => {
    const original = readFileSync(pdf);
    const at = original.indexOf('(Plant)', 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    const edited = Buffer.from(original);
    edited.write('(Plan7)', at, 'latin1');
    const editedFile = join(dir, 'edited.pdf');
    writeFileSync(editedFile, edited);
    await forgeRow(sha256(edited));
    const a = await ws.run(['report', 'verify', editedFile]);
    expect(a.code).toBe(4);
    expect(a.stderr).toContain('the file was changed after it was sealed');

    // Re-signed: a new seal over the edited file, with the attacker's own key.
    const extracted = pdfSealer.extract(edited);
    const old = parseSeal(extracted?.seal ?? '');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const statement = {
      ...(old?.statement as NonNullable<typeof old>['statement']),
      unsealedHash: sha256(extracted?.unsealed as Buffer),
      publicKey: der,
      keyId: createHash('sha256').update(Buffer.from(der, 'base64')).digest('hex').slice(0, 16),
    };
    const signature = sign(null, Buffer.from(statementText(statement)), privateKey).toString('base64');
    const resigned = pdfSealer.embed(extracted?.unsealed as Buffer, sealText(statement, signature));
    const resignedFile = join(dir, 'resigned.pdf');
    writeFileSync(resignedFile, resigned);
    await forgeRow(sha256(resigned));
    const b = await ws.run(['--json', 'report', 'verify', resignedFile]);
    expect(b.code).toBe(4);
    expect(JSON.parse(b.stdout)).toMatchObject({ produced: false, seal: 'foreign-key' });
    expect(JSON.parse(b.stderr).error.message).toMatch(/sealed with key [0-9a-f]{16}, not this organisation's key/);

    // Without the organisation's key at hand, a seal cannot vouch for anything.
    const elsewhere = await ws.run(['report', 'verify', pdf], { env: { RENFE_KEY_DIR: join(dir, 'no-keys') } });
    expect(elsewhere.code).toBe(4);
    expect(elsewhere.stderr).toContain('signing key is not held here');

    // The untouched report still verifies even though its row now names another file.
    expect((await ws.run(['report', 'verify', pdf])).code).toBe(0);
    // And a change to the assessment is still noticed.
    expect((await ws.run(['assessment', 'answer', id, 'RC.RP-02.Q1', '3'])).code).toBe(0);
    expect((await ws.run(['report', 'verify', pdf])).code).toBe(5);
  });
});
