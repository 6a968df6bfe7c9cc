// Start-up and concurrency figures for the built CLI, then the assessment
// figures of bench/assessment.mjs. Prints numbers only: the targets are shown
// for comparison, never turned into pass/fail.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import {
  CLI,
  createWorkspace,
  measure,
  ms,
  nodeSync,
  printHeader,
  printTable,
  renfeSync,
  ROOT,
  section,
  tempDir,
  withPgSchema,
  workspaceEnv,
} from './lib.mjs';
import { assessmentBenchmarks } from './assessment.mjs';
import { reportBenchmarks } from './report.mjs';
import { trainingBenchmarks } from './training.mjs';
import { jobsBenchmarks } from './jobs.mjs';
import { bundleBenchmarks } from './bundle.mjs';
import { syncBenchmarks } from './sync.mjs';

const RUNS = 15;
const WARMUPS = 2;
const ORGS = 50;
const WRITERS = 4;
const CREATES_PER_WRITER = 10;

// -- processes ---------------------------------------------------------------

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

/** init makes the first organisation; the rest come from `org create`. */
function populate(env, count) {
  for (let i = 1; i < count; i++) renfeSync(env, ['org', 'create', `Bench ${String(i).padStart(2, '0')}`]);
}

function listOrgNames(env) {
  return JSON.parse(renfeSync(env, ['--json', 'org', 'list'])).map((org) => org.name);
}

// -- statistics and printing -------------------------------------------------

function timeCommand(args, env) {
  return measure(() => nodeSync(args, env), { runs: RUNS, warmups: WARMUPS });
}

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

// -- benchmarks --------------------------------------------------------------

async function measureBare() {
  return { label: 'node -e 0', stats: await timeCommand(['-e', '0'], workspaceEnv({})) };
}

async function measureOrgList(env, label) {
  return { label, stats: await timeCommand([CLI, '--json', 'org', 'list'], env), target: 'bare + 150 ms' };
}

async function startupBenchmark() {
  section(`Start-up: ${RUNS} runs after ${WARMUPS} warm-ups, SQLite workspace with ${ORGS} organisations`);
  const dir = tempDir('startup');
  try {
    const env = createWorkspace(dir);
    populate(env, ORGS);
    const orgCount = listOrgNames(env).length;
    if (orgCount !== ORGS) console.log(`note: workspace holds ${orgCount} organisations, not ${ORGS}`);
    const bare = await measureBare();
    const measured = [
      bare,
      { label: 'renfe --version', stats: await timeCommand([CLI, '--version'], env) },
      { label: 'renfe --help', stats: await timeCommand([CLI, '--help'], env), target: 'bare + 40 ms' },
      await measureOrgList(env, 'renfe org list --json'),
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

async function postgresBenchmark(bare) {
  section('Start-up on PostgreSQL');
  const url = process.env.RENFE_BENCH_PG_URL;
  if (!url) {
    console.log('skipped: set RENFE_BENCH_PG_URL=postgres://... to measure `org list --json` on PostgreSQL');
    return;
  }
  await withPgSchema(url, async (schemaUrl, schema) => {
    const dir = tempDir('pg');
    try {
      const env = createWorkspace(dir, schemaUrl);
      populate(env, ORGS);
      console.log(
        `schema ${schema}, ${listOrgNames(env).length} organisations, ${RUNS} runs after ${WARMUPS} warm-ups`,
      );
      printStartupTable(bare.stats, [bare, await measureOrgList(env, 'renfe org list --json (pg)')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

printHeader();
const bare = await startupBenchmark();
await concurrencyBenchmark();
await postgresBenchmark(bare);
await assessmentBenchmarks();
await reportBenchmarks();
// The survey import holds 100,000 rows at once: measured in a process of its
// own, as `renfe survey import` runs, not on a heap the sections before it grew.
const survey = spawnSync(
  process.execPath,
  ['--input-type=module', '-e', "await (await import('./bench/survey.mjs')).surveyBenchmarks();"],
  { cwd: ROOT, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (survey.status !== 0) process.exitCode = 1;
await trainingBenchmarks();
await jobsBenchmarks();
await bundleBenchmarks();
await syncBenchmarks();
