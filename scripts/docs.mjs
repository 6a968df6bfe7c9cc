// Regenerates the reference pages from the code: docs/errors.md from the error
// catalogues and the README's exit-code table from src/cli/exit-codes.ts.
// The tests fail when either is out of date.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS } from '../bundle-options.mjs';

const out = `.docs-${process.pid}`;
await build({ ...BUNDLE_OPTIONS, entryPoints: { reference: 'scripts/reference.ts' }, outdir: out, sourcemap: false });
try {
  const reference = await import(pathToFileURL(`${out}/reference.js`).href);
  writeFileSync('docs/errors.md', `${await reference.errorsMarkdown()}\n`);
  writeFileSync('README.md', reference.readmeWithExitCodes(readFileSync('README.md', 'utf8')));
  process.stdout.write('wrote docs/errors.md and the README exit-code table\n');
} finally {
  rmSync(out, { recursive: true, force: true });
}
