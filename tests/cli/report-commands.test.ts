import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const REPORT_FIELDS = [
  'id',
  'assessment',
  'template',
  'format',
  'language',
  'file',
  'fileHash',
  'dataHash',
  'size',
  'narrative',
  'createdBy',
  'createdAt',
];

/** The error object `--json` prints on stderr. */
const jsonError = (r: CliResult) =>
  (JSON.parse(r.stderr) as { error: { code: string; kind: string; message: string; hint: string | null } }).error;

describe.each(DIALECTS)('report templates, list and verify on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let id: string;

  const ok = async (argv: string[], options: Parameters<CliWorkspace['run']>[1] = {}) => {
    const r = await ws.run(argv, options);
    expect(r.code, `renfe ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const generate = async (file: string, ...extra: string[]) =>
    ok(['report', 'generate', id, '--format', 'json', '--out', join(dir, file), ...extra]);

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-cli-report-commands-'));
    await ok(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = (
      await ok(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0', '--domain', 'RC'])
    ).stdout.trim();
    const answers = join(dir, 'answers.csv');
    writeFileSync(answers, 'question,value\nRC.RP-01.Q1,yes\nRC.RP-02.Q1,4\nRC.RP-03.Q1,no\n');
    await ok(['assessment', 'import-answers', id, answers]);
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('report templates', () => {
    it('--json name prints only each template’s names; --json id,name those two fields', async () => {
      const names = JSON.parse((await ok(['report', 'templates', '--json', 'name'])).stdout) as Record<
        string,
        unknown
      >[];
      expect(names).toHaveLength(7);
      expect(names.map((t) => Object.keys(t))).toEqual(Array.from({ length: 7 }, () => ['name']));
      expect(names.map((t) => (t.name as { en: string }).en)).toContain('Executive summary');
      for (const t of names) expect(t.name).toMatchObject({ en: expect.any(String), es: expect.any(String) });

      const two = JSON.parse((await ok(['report', 'templates', '--json', 'id,name'])).stdout) as Record<
        string,
        unknown
      >[];
      expect(two.map((t) => t.id)).toEqual(['coverage', 'executive', 'full', 'gap', 'soa', 'survey', 'training']);
      expect(two.every((t) => Object.keys(t).join() === 'id,name')).toBe(true);
    });

    it('--limit shows the first templates; piped, rows are raw and tab-separated with no header', async () => {
      const piped = await ok(['report', 'templates', '--limit', '2']);
      const rows = piped.stdout.trimEnd().split('\n');
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.split('\t')[0])).toEqual(['coverage', 'executive']);
      expect(rows[1]?.split('\t')).toHaveLength(3);

      const tty = await ok(['report', 'templates'], { tty: true });
      expect(tty.stdout.split('\n')[0]).toMatch(/^TEMPLATE\s+NAME\s+SECTIONS/);

      const zero = await ws.run(['report', 'templates', '--limit', '0', '--json']);
      expect(zero.code).toBe(2);
      expect(jsonError(zero)).toMatchObject({ code: 'CLI.BAD_LIMIT' });
      expect(zero.stdout).toBe('');
    });

    it('refuses a field it does not print, naming the valid ones', async () => {
      const r = await ws.run(['report', 'templates', '--json', 'colour']);
      expect(r.code).toBe(2);
      expect(jsonError(r).code).toBe('CLI.UNKNOWN_FIELD');
      expect(jsonError(r).message).toContain('valid fields: id, name, description, sections, source');
    });
  });

  describe('report list', () => {
    it('--json prints every field of every report, with full hashes and ISO dates', async () => {
      await generate('a.json');
      await generate('b.json', '--template', 'gap');
      const listed = JSON.parse((await ok(['report', 'list', '--json'])).stdout) as Record<string, unknown>[];
      expect(listed).toHaveLength(2);
      for (const r of listed) {
        expect(Object.keys(r)).toEqual(REPORT_FIELDS);
        expect(r).toMatchObject({ assessment: id, format: 'json', language: 'en', createdBy: 'ana@acme.test' });
        expect(r.fileHash).toMatch(/^[0-9a-f]{64}$/);
        expect(r.createdAt).toMatch(ISO_DATE);
      }
      expect(listed.map((r) => r.file).sort()).toEqual(['a.json', 'b.json']);

      const only = JSON.parse((await ok(['report', 'list', '--json', 'file,template'])).stdout) as unknown[];
      expect(only).toEqual(
        expect.arrayContaining([
          { file: 'a.json', template: 'full' },
          { file: 'b.json', template: 'gap' },
        ]),
      );
      expect(only).toHaveLength(2);
    });

    it('--limit shows at most n reports; --assessment narrows to one assessment', async () => {
      await generate('a.json');
      await generate('b.json');
      await generate('c.json');
      expect(JSON.parse((await ok(['report', 'list', '--json', '--limit', '2'])).stdout)).toHaveLength(2);
      expect((await ok(['report', 'list', '--limit', '1'])).stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse((await ok(['report', 'list', '--assessment', id, '--json'])).stdout)).toHaveLength(3);
      expect(JSON.parse((await ok(['report', 'list', '--assessment', 'zzzzzzzz', '--json'])).stdout)).toEqual([]);

      const bad = await ws.run(['report', 'list', '--limit', 'all']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--limit must be a whole number above 0, got "all"/);
    });

    it('piped, each report is one tab-separated line of stored values; on a terminal, an aligned table', async () => {
      await generate('a.json');
      const [report] = JSON.parse((await ok(['report', 'list', '--json'])).stdout) as {
        id: string;
        fileHash: string;
        createdAt: string;
      }[];
      const piped = await ok(['report', 'list']);
      expect(piped.stdout).toBe(
        `${[report!.id, id, 'full', 'json', 'a.json', report!.fileHash, 'ana@acme.test', report!.createdAt].join('\t')}\n`,
      );

      const tty = await ok(['report', 'list'], { tty: true });
      const [header, row] = tty.stdout.split('\n');
      expect(header).toMatch(/^ID\s+ASSESSMENT\s+TEMPLATE\s+FORMAT\s+FILE\s+SHA-256\s+BY\s+AT/);
      expect(row).toContain(`${report!.fileHash.slice(0, 12)}…`);
      expect(row).not.toContain(report!.fileHash);
      expect(row).toContain(report!.createdAt.slice(0, 16).replace('T', ' '));
      expect(row).not.toContain('\t');
    });
  });

  describe('report verify', () => {
    it('--json prints the verdict on stdout and the error on stderr, with exit 0, 4 and 5', async () => {
      const out = join(dir, 'r.json');
      await generate('r.json');

      const good = await ws.run(['report', 'verify', out, '--json']);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({
        file: out,
        produced: true,
        dataUnchanged: true,
        seal: 'missing',
      });
      expect(good.stderr).toBe('');

      const fields = await ws.run(['report', 'verify', out, '--json', 'produced,dataUnchanged']);
      expect(JSON.parse(fields.stdout)).toEqual({ produced: true, dataUnchanged: true });

      const human = await ws.run(['report', 'verify', out]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(
        new RegExp(
          `^ok: .*r\\.json is report \\w+ of assessment ${id}, made .* by ana@acme\\.test; its data is unchanged\\n$`,
        ),
      );

      const other = join(dir, 'other.json');
      writeFileSync(other, '{}');
      const foreign = await ws.run(['report', 'verify', other, '--json']);
      expect(foreign.code).toBe(4);
      expect(JSON.parse(foreign.stdout)).toMatchObject({ produced: false, report: null, seal: 'missing' });
      expect(jsonError(foreign)).toMatchObject({ code: 'REPORT.UNKNOWN', kind: 'not-found' });
      expect(jsonError(foreign).message).toMatch(
        /other\.json is not a report renfe recorded in this organisation \(sha256 [0-9a-f]{64}\)$/,
      );

      await ok(['assessment', 'answer', id, 'RC.RP-03.Q1', 'yes']);
      const changed = await ws.run(['report', 'verify', out, '--json']);
      expect(changed.code).toBe(5);
      expect(JSON.parse(changed.stdout)).toMatchObject({ produced: true, dataUnchanged: false });
      expect(jsonError(changed)).toMatchObject({ code: 'REPORT.DATA_CHANGED', kind: 'conflict' });

      const missing = await ws.run(['report', 'verify', join(dir, 'nowhere.json')]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/^error: cannot use .*nowhere\.json: no such file or folder\n$/);
    });
  });

  describe('report generate', () => {
    it('bad flags fail with their codes, before anything is written or recorded', async () => {
      const out = join(dir, 'r.json');
      const mode = await ws.run(['report', 'generate', id, '--format', 'json', '--out', out, '--mode', 'rw', '--json']);
      expect(mode.code).toBe(3);
      expect(jsonError(mode)).toMatchObject({
        code: 'INPUT.INVALID',
        message: '--mode must be an octal file mode such as 600 or 640, got "rw"',
      });
      const color = await ws.run(['report', 'generate', id, '--out', out, '--color', 'teal']);
      expect(color.code).toBe(3);
      expect(color.stderr).toBe('error: --color must be #rrggbb, got "teal"\n');
      const format = await ws.run(['report', 'generate', id, '--format', 'docx', '--out', out, '--json']);
      expect(format.code).toBe(3);
      expect(jsonError(format)).toMatchObject({
        code: 'REPORT.BAD_FORMAT',
        message: '--format must be one of pdf, json, csv, md, oscal, got "docx"',
      });
      const template = await ws.run(['report', 'generate', id, '--template', 'nope', '--out', out, '--json']);
      expect(template.code).toBe(4);
      expect(jsonError(template)).toEqual({
        code: 'TEMPLATE.NOT_FOUND',
        kind: 'not-found',
        message: 'no template "nope"',
        hint: 'use one of coverage, executive, full, gap, soa, survey, training, or the path of your own copy',
      });
      expect(JSON.parse((await ok(['report', 'list', '--json'])).stdout)).toEqual([]);
    });

    it('--json prints the summary of the report it wrote', async () => {
      const r = await ws.run(['report', 'generate', id, '--format', 'md', '--out', join(dir, 'r.md'), '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const summary = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(summary).toMatchObject({
        file: join(dir, 'r.md'),
        format: 'md',
        template: 'full',
        narrative: 'deterministic',
      });
      expect(summary).not.toHaveProperty('content');
      const [listed] = JSON.parse((await ok(['report', 'list', '--json'])).stdout) as Record<string, unknown>[];
      expect(listed).toMatchObject({ id: summary.id, fileHash: summary.fileHash });
    });
  });
});
