// Bundles the CLI into dist/ with esbuild. Each dynamic import() becomes its own
// chunk, so `renfe --help` loads commander and the command tree only.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';

// Built beside dist/ and swapped in, so a renfe running meanwhile never finds dist/ half-written.
const tmp = `.dist-${process.pid}`;
await build({
  entryPoints: { renfe: 'src/cli/main.ts' },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  // Native or file-reading packages stay in node_modules.
  external: ['better-sqlite3', 'pg', 'pg-native'],
  banner: {
    js: "import { createRequire as __renfeCreateRequire } from 'node:module'; const require = __renfeCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const old = `.dist-old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
