// Bundles the CLI into dist/ with esbuild. Each dynamic import() becomes its own
// chunk, so `renfe --help` loads commander and the command tree only.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { renfe: 'src/cli/main.ts' },
  outdir: 'dist',
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
