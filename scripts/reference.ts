import { errorCatalogues } from '../src/composition.js';
import { EXIT_BY_KIND, EXIT_TABLE } from '../src/cli/exit-codes.js';
import { errorSpecs } from '../src/kernel/errors.js';

/** docs/errors.md: every error code, its exit code and what it means, from the catalogues. */
export async function errorsMarkdown(): Promise<string> {
  const lines = [
    '# Errors',
    '',
    'Every error renfe reports has a stable code (printed with `--json` as',
    '`{"error":{"code","kind","message","hint"}}` on stderr) and an exit code set by its kind.',
    'This page is generated from the error catalogues (`src/**/errors.ts`) by `npm run docs`; do not edit it by hand.',
    '',
  ];
  for (const { owner, catalogue } of await errorCatalogues()) {
    const specs = [...errorSpecs(catalogue)].sort((a, b) => a.code.localeCompare(b.code));
    if (specs.length === 0) continue;
    lines.push(`## ${owner}`, '', '| code | exit | kind | meaning |', '| --- | --- | --- | --- |');
    for (const spec of specs) {
      lines.push(
        `| \`${spec.code}\` | ${EXIT_BY_KIND[spec.kind]} | ${spec.kind} | ${spec.meaning.replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The README's exit-code table, from the one table in src/cli/exit-codes.ts. */
export function exitCodeTable(): string {
  const width = Math.max(...EXIT_TABLE.map((row) => row.meaning.length));
  const rows = [
    `| code | ${'meaning'.padEnd(width)} |`,
    `| ---- | ${'-'.repeat(width)} |`,
    ...EXIT_TABLE.map((row) => `| ${String(row.code).padEnd(4)} | ${row.meaning.padEnd(width)} |`),
  ];
  return rows.join('\n');
}

export const EXIT_START = '<!-- exit codes: generated from src/cli/exit-codes.ts by `npm run docs` -->';
export const EXIT_END = '<!-- end of exit codes -->';

/** The README with its exit-code table replaced by the generated one. */
export function readmeWithExitCodes(readme: string): string {
  const start = readme.indexOf(EXIT_START);
  const end = readme.indexOf(EXIT_END);
  if (start === -1 || end === -1) throw new Error('README.md has no exit-code markers');
  return `${readme.slice(0, start + EXIT_START.length)}\n\n${exitCodeTable()}\n\n${readme.slice(end)}`;
}
