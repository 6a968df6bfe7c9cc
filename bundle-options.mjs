// The esbuild options of the CLI bundle, shared by build.mjs and the benchmarks
// so that what is measured is built exactly as what ships.
export const BUNDLE_OPTIONS = {
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
};
