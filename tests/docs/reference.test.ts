import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalogues } from '../../src/composition.js';
import { EXIT_HELP, EXIT_TABLE } from '../../src/cli/exit-codes.js';
import { errorSpecs, isErrorCatalogue } from '../../src/kernel/errors.js';
import { errorsMarkdown, EXIT_END, EXIT_START } from '../../scripts/reference.js';
import { runCli } from '../support/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SOURCES = sourceFiles('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
/** Tables compared without the padding prettier adds. */
const squeeze = (text: string) =>
  text
    .replace(/-{3,}/g, '---')
    .replace(/[ \t]+/g, ' ')
    .trim();

describe('the error catalogues', () => {
  it('are the only place errors are built', () => {
    const outside = SOURCES.filter(
      ({ path, text }) => /new AppError\(/.test(text) && !path.endsWith(join('kernel', 'errors.ts')),
    ).map(({ path }) => path);
    expect(outside, 'files that build an AppError outside a catalogue').toEqual([]);
  });

  it('declare each code once, and every declared error is raised somewhere', async () => {
    const codes = (await errorCatalogues()).flatMap(({ catalogue }) => errorSpecs(catalogue).map((s) => s.code));
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);

    const unused: string[] = [];
    for (const file of SOURCES.filter(({ path }) => /(^|[\\/])(errors|kernel-errors)\.ts$/.test(path))) {
      const exports = (await import(pathToFileURL(join(process.cwd(), file.path)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (!isErrorCatalogue(value)) continue;
        for (const { key } of errorSpecs(value)) {
          const use = new RegExp(`\\b${name}\\.${key}\\(`);
          if (!SOURCES.some(({ path, text }) => path !== file.path && use.test(text))) {
            unused.push(`${relative('.', file.path)}: ${name}.${key}`);
          }
        }
      }
    }
    expect(unused, 'declared but never raised').toEqual([]);
  });

  it('are documented in docs/errors.md exactly as generated (npm run docs)', async () => {
    expect(squeeze(readFileSync('docs/errors.md', 'utf8'))).toBe(squeeze(await errorsMarkdown()));
  });
});

describe('the exit-code table', () => {
  it('is the README table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = readme.slice(readme.indexOf(EXIT_START) + EXIT_START.length, readme.indexOf(EXIT_END));
    const rows = block
      .split('\n')
      .filter((l) => /^\|\s*\d+\s*\|/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()));
    expect(rows.map((r) => [Number(r[1]), r[2]])).toEqual(EXIT_TABLE.map((row) => [row.code, row.meaning]));
  });

  it('is what --help prints', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(EXIT_HELP);
    for (const row of EXIT_TABLE) expect(EXIT_HELP.replace(/\n/g, ' ')).toContain(`${row.code} ${row.short}`);
  });
});
