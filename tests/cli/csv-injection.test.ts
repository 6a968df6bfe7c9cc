import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const FORMULA = /^[=+\-@\t\r]/;

/**
 * A formula planted in every text field people can edit (an imported
 * catalog's texts, answers, notes, evidence names, finding owners) never
 * reaches a CSV export as a cell a spreadsheet would run.
 */
describe.each(DIALECTS)('formula injection in every CSV export on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let id: string;

  beforeAll(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-csv-injection-'));
    const ok = async (argv: string[], stdin?: string) => {
      const r = await ws.run(argv, stdin === undefined ? {} : { stdin });
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
      return r.stdout.trim();
    };
    await ok(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], `${PASSWORD}\n`);
    const catalog = join(dir, 'evil.yaml');
    writeFileSync(
      catalog,
      [
        'id: evil-controls',
        'version: "1"',
        'name: "=HYPERLINK(\\"http://evil.test\\",\\"name\\")"',
        'languages: [en]',
        'requirements:',
        '  - id: EV',
        '    title: "+domain title"',
        '    children:',
        '      - id: EV-1',
        '        title: "=cmd|\' /C calc\'!A0"',
        '        description: "-1+1 description"',
        '        questions:',
        '          - id: EV-1.Q1',
        '            type: yes_no',
        '            text: "@SUM(A1:A9) question"',
        '            guidance: "\\tguidance"',
        '            evidence: "\\revidence"',
        '          - id: EV-1.Q2',
        '            type: text',
        '            text: "=question two"',
        '          - id: EV-1.Q3',
        '            type: single_choice',
        '            text: "+choice question"',
        '            choices:',
        '              - { id: a, label: "=label a", score: 1 }',
        '              - { id: b, label: "-label b", score: 0 }',
      ].join('\n'),
    );
    await ok(['framework', 'import', catalog]);
    id = await ok(['assessment', 'create', '--subject', '=subject', '--framework', 'evil-controls']);
    await ok(['assessment', 'answer', id, 'EV-1.Q1', 'no', '--note', '=note "quoted", with comma']);
    await ok(['assessment', 'answer', id, 'EV-1.Q2', '=HYPERLINK("http://evil.test")', '--note', '+note']);
    await ok(['assessment', 'answer', id, 'EV-1.Q3', 'b', '--note', "'=already escaped"]);
    const evidence = join(dir, '-2+3 evidence.txt');
    writeFileSync(evidence, 'evidence');
    await ok(['assessment', 'evidence', 'add', id, 'EV-1.Q1', '--file', evidence]);
    await ok(['finding', 'update', `${id}:EV-1`, '--owner', '@owner']);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function exports(): Promise<Record<string, string>> {
    const answersFile = join(dir, 'answers.csv');
    const findingsFile = join(dir, 'poam.csv');
    const reportFile = join(dir, 'report.csv');
    const gapFile = join(dir, 'gap.csv');
    const runs = [
      ['assessment', 'export-answers', id, '--out', answersFile],
      ['finding', 'export', '--assessment', id, '--out', findingsFile],
      ['report', 'generate', id, '--format', 'csv', '--out', reportFile],
      ['report', 'generate', id, '--format', 'csv', '--template', 'gap', '--out', gapFile],
    ];
    for (const argv of runs) {
      const r = await ws.run(argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    }
    const stdout = await ws.run(['finding', 'export', '--assessment', id]);
    return {
      'export-answers': readFileSync(answersFile, 'utf8'),
      'finding export': readFileSync(findingsFile, 'utf8'),
      'finding export (stdout)': stdout.stdout,
      'report csv': readFileSync(reportFile, 'utf8'),
      'report csv gap': readFileSync(gapFile, 'utf8'),
    };
  }

  it('no cell of any CSV export starts with = + - @ tab or CR; the planted texts are there, escaped', async () => {
    const all = await exports();
    for (const [name, text] of Object.entries(all)) {
      const cells = (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat();
      const formulas = cells.filter((c) => FORMULA.test(c));
      expect(formulas, name).toEqual([]);
      expect(
        cells.filter((c) => /^'+[=+\-@\t\r]/.test(c)).length,
        `${name} holds escaped planted text`,
      ).toBeGreaterThan(0);
    }
    const answers = (parse(all['export-answers'] as string, { bom: true }) as string[][]).flat();
    expect(answers).toContain('\'=note "quoted", with comma');
    expect(answers).toContain('\'=HYPERLINK("http://evil.test")');
    expect(answers).toContain("''=already escaped");
    const report = (parse(all['report csv'] as string, { bom: true }) as string[][]).flat();
    for (const planted of ["'=cmd|' /C calc'!A0", "'@SUM(A1:A9) question", "'-2+3 evidence.txt", "'+note"])
      expect(report).toContain(planted);
    expect((parse(all['finding export'] as string, { bom: true }) as string[][]).flat()).toContain("'@owner");
  });

  it('an exported answers file imports back unchanged', async () => {
    const before = (await ws.run(['--json', 'assessment', 'export-answers', id, '--format', 'json'])).stdout;
    const file = join(dir, 'answers.csv');
    expect((await ws.run(['assessment', 'export-answers', id, '--out', file])).code).toBe(0);
    const r = await ws.run(['assessment', 'import-answers', id, file]);
    expect(r.code, r.stderr).toBe(0);
    const after = (await ws.run(['--json', 'assessment', 'export-answers', id, '--format', 'json'])).stdout;
    const strip = (t: string) =>
      (JSON.parse(t) as { answers: Record<string, unknown>[] }).answers.map(({ question, value, note }) => ({
        question,
        value,
        note,
      }));
    expect(strip(after)).toEqual(strip(before));
  });
});
