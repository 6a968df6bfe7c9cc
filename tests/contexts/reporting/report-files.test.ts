import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsReportFiles } from '../../../src/contexts/reporting/adapters/files/fs-report-files.js';
import { CliWorkspace } from '../../support/cli.js';

const PASSWORD = 'correct horse battery staple';

describe('report files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'renfe-report-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes reports 0600 and removes temporary files stranded by a killed run, not a live one', async () => {
    const out = join(dir, 'report.pdf');
    // A process that has exited: its pid is free (and not ours).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stranded = `${out}.${dead}.tmp`;
    const live = `${out}.${process.ppid}.tmp`;
    const unrelated = join(dir, 'other.pdf.1.tmp');
    for (const f of [stranded, live, unrelated]) writeFileSync(f, 'partial');

    await fsReportFiles.write(out, Buffer.from('%PDF-1.7'));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(existsSync(stranded)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes(`.${process.pid}.tmp`))).toEqual([]);
  });

  it('report generate writes 0600 unless --mode says otherwise; a bad --mode exits 3', async () => {
    const ws = new CliWorkspace(join(dir, 'renfe.db'));
    await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    const id = (
      await ws.run(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC'])
    ).stdout.trim();
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.md');
    expect((await ws.run(['report', 'generate', id, '--format', 'json', '--out', a])).code).toBe(0);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect((await ws.run(['report', 'generate', id, '--format', 'md', '--out', b, '--mode', '640'])).code).toBe(0);
    expect(statSync(b).mode & 0o777).toBe(0o640);
    const bad = await ws.run(['report', 'generate', id, '--format', 'md', '--out', b, '--mode', 'rw-r--r--']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--mode must be an octal file mode');
  });
});
