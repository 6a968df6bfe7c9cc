// Bundles the CLI into dist/ with esbuild. Each dynamic import() becomes its own
// chunk, so `renfe --help` loads commander and the command tree only.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { BUNDLE_OPTIONS } from './bundle-options.mjs';

// Built beside dist/ and swapped in, so a renfe running meanwhile never finds dist/ half-written.
const tmp = `.dist-${process.pid}`;
await build({ ...BUNDLE_OPTIONS, entryPoints: { renfe: 'src/cli/main.ts' }, outdir: tmp });

const old = `.dist-old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
