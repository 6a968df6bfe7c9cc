// Start-up and concurrency figures for the built CLI. Prints numbers only:
// the targets are shown for comparison, never turned into pass/fail.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'renfe.js');
const PASSWORD = 'long password here, for the benchmark only\n';
const RUNS = 15;
const WARMUPS = 2;
const ORGS = 50;
const WRITERS = 4;
const CREATES_PER_WRITER = 10;

// -- processes ---------------------------------------------------------------

/** The caller's own RENFE_* settings must not leak into the benchmark workspaces. */
function workspaceEnv(vars) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('RENFE_')));
  return { ...env, NO_COLOR: '1', ...vars };
}

function renfeSync(env, args, input) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`renfe ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

function renfeAsync(env, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: -1, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// -- workspaces --------------------------------------------------------------

function tempDir(label) {
  return mkdtempSync(join(tmpdir(), `renfe-bench-${label}-`));
}

/** A logged-in workspace in `dir`; on `databaseUrl` when given, else SQLite under `dir`. */
function createWorkspace(dir, databaseUrl) {
  const env = workspaceEnv({
    RENFE_CONFIG_DIR: join(dir, 'config'),
    RENFE_DATA_DIR: join(dir, 'data'),
    ...(databaseUrl ? { RENFE_DATABASE_URL: databaseUrl } : {}),
  });
  renfeSync(env, ['init', '--org', 'Bench 00', '--email', 'bench@bench.test', '--password-stdin'], PASSWORD);
  return env;
}

/** init makes the first organisation; the rest come from `org create`. */
function populate(env, count) {
  for (let i = 1; i < count; i++) renfeSync(env, ['org', 'create', `Bench ${String(i).padStart(2, '0')}`]);
}

function listOrgNames(env) {
  return JSON.parse(renfeSync(env, ['--json', 'org', 'list'])).map((org) => org.name);
}

// -- statistics and printing -------------------------------------------------

function timeCommand(args, env) {
  const samples = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i >= WARMUPS) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p90: samples[Math.ceil(0.9 * samples.length) - 1] };
}

function median(sorted) {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

const ms = (value) => value.toFixed(1);

function printStartupTable(bare, measured) {
  printTable(
    ['command', 'median ms', 'p90 ms', 'ratio to bare', '+ms over bare', 'target'],
    measured.map(({ label, stats, target }) => [
      label,
      ms(stats.median),
      ms(stats.p90),
      (stats.median / bare.median).toFixed(2),
      stats === bare ? '-' : `+${ms(stats.median - bare.median)}`,
      target ?? '',
    ]),
  );
}

function section(title) {
  console.log(`\n== ${title}`);
}

// -- benchmarks --------------------------------------------------------------

function measureBare() {
  return { label: 'node -e 0', stats: timeCommand(['-e', '0'], workspaceEnv({})) };
}

function measureOrgList(env, label) {
  return { label, stats: timeCommand([CLI, '--json', 'org', 'list'], env), target: 'bare + 150 ms' };
}

function startupBenchmark() {
  section(`Start-up: ${RUNS} runs after ${WARMUPS} warm-ups, SQLite workspace with ${ORGS} organisations`);
  const dir = tempDir('startup');
  try {
    const env = createWorkspace(dir);
    populate(env, ORGS);
    const orgCount = listOrgNames(env).length;
    if (orgCount !== ORGS) console.log(`note: workspace holds ${orgCount} organisations, not ${ORGS}`);
    const bare = measureBare();
    const measured = [
      bare,
      { label: 'renfe --version', stats: timeCommand([CLI, '--version'], env) },
      { label: 'renfe --help', stats: timeCommand([CLI, '--help'], env), target: 'bare + 40 ms' },
      measureOrgList(env, 'renfe org list --json'),
    ];
    printStartupTable(bare.stats, measured);
    return bare;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writerLoop(env, writer) {
  const results = [];
  for (let i = 1; i <= CREATES_PER_WRITER; i++) {
    const name = `Writer ${writer}-${String(i).padStart(2, '0')}`;
    results.push({ name, ...(await renfeAsync(env, ['--json', 'org', 'create', name])) });
  }
  return results;
}

async function concurrencyBenchmark() {
  section(`Concurrent writers: ${WRITERS} loops of ${CREATES_PER_WRITER} \`org create\` on one SQLite file`);
  const dir = tempDir('writers');
  try {
    const env = createWorkspace(dir);
    const start = performance.now();
    const loops = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writerLoop(env, w + 1)));
    const wall = performance.now() - start;
    const results = loops.flat();
    const failed = results.filter((r) => r.code !== 0);
    const lockMentions = results.filter((r) => /locked|busy/i.test(r.stderr));
    const present = new Set(listOrgNames(env));
    const found = results.filter((r) => present.has(r.name)).length;
    printTable(
      ['figure', 'value'],
      [
        ['commands', String(results.length)],
        ['total wall ms', ms(wall)],
        ['ms per command (wall / commands)', ms(wall / results.length)],
        ['failed commands', String(failed.length)],
        ['stderr mentioning locked/busy', lockMentions.length ? `yes (${lockMentions.length})` : 'no'],
        ['organisations found by org list', `${found}/${results.length}`],
      ],
    );
    for (const f of failed.slice(0, 3)) console.log(`  failure (exit ${f.code}) ${f.name}: ${f.stderr.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withSearchPath(url, schema) {
  return `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

async function postgresBenchmark(bare) {
  section('Start-up on PostgreSQL');
  const url = process.env.RENFE_BENCH_PG_URL;
  if (!url) {
    console.log('skipped: set RENFE_BENCH_PG_URL=postgres://... to measure `org list --json` on PostgreSQL');
    return;
  }
  const { default: pg } = await import('pg');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = tempDir('pg');
  try {
    await admin.query(`create schema ${schema}`);
    const env = createWorkspace(dir, withSearchPath(url, schema));
    populate(env, ORGS);
    console.log(`schema ${schema}, ${listOrgNames(env).length} organisations, ${RUNS} runs after ${WARMUPS} warm-ups`);
    printStartupTable(bare.stats, [bare, measureOrgList(env, 'renfe org list --json (pg)')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

function printHeader() {
  console.log('renfe benchmark');
  console.log(`node ${process.version} on ${process.platform}-${process.arch}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`);
  console.log(`date ${new Date().toISOString()}`);
}

printHeader();
const bare = startupBenchmark();
await concurrencyBenchmark();
await postgresBenchmark(bare);
