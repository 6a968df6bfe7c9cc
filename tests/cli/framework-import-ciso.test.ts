import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const CISO = 'tests/contexts/assessment/fixtures/ciso';

describe.each(DIALECTS)('framework import of CISO Assistant libraries on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-cli-ciso-'));
    const init = await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(init.code, init.stderr).toBe(0);
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints each normalised quirk as a warning on stderr, also under --json, and the data on stdout', async () => {
    const r = await ws.run(['framework', 'import', `${CISO}/quirks-library.yaml`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toContain(
      `warning: ${CISO}/quirks-library.yaml:44: urn:intuitem:risk:req_node:quirks-v1.2:b:1: implementation group "P2;Existing" holds several groups; read as "P2", "Existing"`,
    );
    expect(warnings).toHaveLength(6);
    const data = JSON.parse(r.stdout) as { framework: { id: string; version: string; revision: string } };
    expect(data.framework).toMatchObject({ id: 'quirks-v1.2', version: '1.2', revision: '7' });
  });

  it('refuses a library of another kind with one line and exit 12, storing nothing', async () => {
    const file = join(dir, 'matrix.yaml');
    writeFileSync(
      file,
      'urn: urn:intuitem:risk:library:m\nobjects:\n  risk_matrix:\n    - urn: urn:intuitem:risk:matrix:m\n',
    );
    const r = await ws.run(['framework', 'import', file]);
    expect(r.code).toBe(12);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `error: ${file}: this CISO Assistant library holds a risk matrix (1); renfe imports only frameworks and requirement mapping sets`,
    );
    const list = await ws.run(['framework', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { scope: string }[]).filter((f) => f.scope === 'organisation')).toEqual([]);
  });

  it('keeps iso27001-2022 on the shipped catalog after the ISO library until framework default moves it', async () => {
    const imported = await ws.run(['framework', 'import', `${CISO}/iso27001-2022-library.yaml`]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('renfe framework default iso27001-2022@2022+r18');
    const version = async () =>
      (JSON.parse((await ws.run(['framework', 'show', 'iso27001-2022', '--json'])).stdout) as { version: string })
        .version;
    expect(await version()).toBe('2022');
    const set = await ws.run(['framework', 'default', 'iso27001-2022@2022+r18']);
    expect(set.code, set.stderr).toBe(0);
    expect(await version()).toBe('2022+r18');
    expect((await ws.run(['framework', 'default', 'iso27001-2022@2022'])).code).toBe(0);
    expect(await version()).toBe('2022');
    const bare = await ws.run(['framework', 'default', 'iso27001-2022']);
    expect(bare.code).toBe(3);
  });
});
