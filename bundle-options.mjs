// The esbuild options of the CLI bundle, shared by build.mjs and the benchmarks
// so that what is measured is built exactly as what ships.
/**
 * conf imports JSON-schema validation (ajv, ajv-formats) and version ranges
 * (semver) for its `schema` and `migrations` options, which renfe does not
 * use; evaluating them is a good part of every command's start-up. For conf
 * alone they are bundled as stand-ins that fail loudly if ever called.
 */
const NOT_USED = "() => { throw new Error('this conf option is not bundled with renfe'); }";
const CONF_STAND_INS = {
  'ajv/dist/2020.js': `export class Ajv2020 { constructor() { (${NOT_USED})(); } }`,
  'ajv-formats': `export default { default: ${NOT_USED} };`,
  semver: `const no = ${NOT_USED}; export default { eq: no, clean: no, satisfies: no, lte: no, gt: no };`,
};
const unusedByConf = {
  name: 'unused-by-conf',
  setup(build) {
    build.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      /[\\/]node_modules[\\/]conf[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'unused-by-conf' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-by-conf' }, (args) => ({
      contents: CONF_STAND_INS[args.path],
      loader: 'js',
    }));
  },
};

export const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  // Native or file-reading packages stay in node_modules.
  external: ['better-sqlite3', 'pg', 'pg-native', 'jq-wasm'],
  banner: {
    js: "import { createRequire as __renfeCreateRequire } from 'node:module'; const require = __renfeCreateRequire(import.meta.url);",
  },
  plugins: [unusedByConf],
  logLevel: 'warning',
};
