// Helpers shared by the benchmarks: processes, workspaces, timing and printing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../bundle-options.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The CLI as installed: bin/renfe.js loads dist/. */
export const CLI = join(ROOT, 'bin', 'renfe.js');
export const PASSWORD = 'long password here, for the benchmark only\n';

// -- processes ---------------------------------------------------------------

/** The caller's own RENFE_* settings must not leak into the benchmark workspaces. */
export function workspaceEnv(vars) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('RENFE_')));
  return { ...env, NO_COLOR: '1', ...vars };
}

/** Runs `node ...args` to completion and returns its stdout; throws on a non-zero exit. */
export function nodeSync(args, env, input) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

export function renfeSync(env, args, input, cli = CLI) {
  return nodeSync([cli, ...args], env, input);
}

// -- workspaces --------------------------------------------------------------

export function tempDir(label) {
  return mkdtempSync(join(tmpdir(), `renfe-bench-${label}-`));
}

/** A logged-in workspace in `dir`; on `databaseUrl` when given, else SQLite under `dir`. */
/** The plans every benchmark workspace runs under: no limits (the figures are of the work, not of a plan). */
export const UNLIMITED_PLANS = join(ROOT, 'bench', 'fixtures', 'plans-unlimited.yaml');

export function createWorkspace(dir, databaseUrl, cli = CLI) {
  const env = workspaceEnv({
    RENFE_CONFIG_DIR: join(dir, 'config'),
    RENFE_DATA_DIR: join(dir, 'data'),
    RENFE_BILLING_PLANS: UNLIMITED_PLANS,
    ...(databaseUrl ? { RENFE_DATABASE_URL: databaseUrl } : {}),
  });
  renfeSync(env, ['init', '--org', 'Bench 00', '--email', 'bench@bench.test', '--password-stdin'], PASSWORD, cli);
  return env;
}

export function withSearchPath(url, schema) {
  return `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

/** Runs `work(schemaUrl, schema)` on a fresh PostgreSQL schema, dropped afterwards. */
export async function withPgSchema(url, work) {
  const { default: pg } = await import('pg');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    return await work(withSearchPath(url, schema), schema);
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

// -- statistics --------------------------------------------------------------

/**
 * Times `fn(i)` `warmups + runs` times and keeps the last `runs`. `before(i)`
 * and `after(i)` run around each call, untimed.
 */
export async function measure(fn, { runs, warmups = 0, before, after }) {
  const samples = [];
  for (let i = 0; i < warmups + runs; i++) {
    await before?.(i);
    const start = performance.now();
    await fn(i);
    const elapsed = performance.now() - start;
    await after?.(i);
    if (i >= warmups) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p90: samples[Math.ceil(0.9 * samples.length) - 1], runs };
}

export function median(sorted) {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// -- printing ----------------------------------------------------------------

export function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const ms = (value) => value.toFixed(1);

export function section(title) {
  console.log(`\n== ${title}`);
}

export function printHeader() {
  console.log('renfe benchmark');
  console.log(
    `node ${process.version} on ${process.platform}-${process.arch}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`,
  );
  console.log(
    `date ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

// -- the benchmark's own bundle ------------------------------------------------

/**
 * Bundles bench/entry.ts (the internals driven in-process) and a private copy
 * of the CLI, with build.mjs's options, into `dir`: the CLI figures never see
 * dist/ half-rebuilt by someone else. `dir` is made to look like the package,
 * for renfe finds frameworks/ by walking up to package.json (whose "type"
 * also makes the bundle ESM), and its externals in node_modules.
 */
export async function bundle(dir) {
  // Every data folder renfe finds by walking up to package.json.
  for (const name of ['package.json', 'frameworks', 'templates', 'plans', 'surveys', 'courses', 'node_modules']) {
    if (existsSync(join(ROOT, name))) symlinkSync(join(ROOT, name), join(dir, name));
  }
  const outdir = join(dir, 'dist');
  await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: { renfe: 'src/cli/main.ts', entry: 'bench/entry.ts' },
    outdir,
  });
  const cli = join(outdir, 'renfe-cli.mjs');
  writeFileSync(cli, "import { run } from './renfe.js';\n\nawait run();\n");
  const entryUrl = pathToFileURL(join(outdir, 'entry.js')).href;
  return { cli, entryUrl, renfe: await import(entryUrl) };
}
