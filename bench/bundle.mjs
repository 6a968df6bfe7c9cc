// Bundle figures: `assessment export --bundle`, `bundle verify` and
// `assessment import --bundle` of an assessment of 1,500 answers with 200
// evidence files of 1 MB each, each command a process of its own with its
// time and peak RSS; then the same with a tenth of the evidence, so the
// memory figure can be read against the evidence size (the target: constant,
// not proportional). Imports go to SQLite, and to PostgreSQL when
// RENFE_BENCH_PG_URL is set. Prints numbers only.
//
// Scale with RENFE_BENCH_BUNDLE_ANSWERS, RENFE_BENCH_BUNDLE_FILES and
// RENFE_BENCH_BUNDLE_MB. Run by bench/run.mjs, or alone with
// `node bench/bundle.mjs` (it bundles what it runs, so needs no dist/).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOscalCatalog } from './fixtures/oscal-generator.mjs';
import {
  bundle,
  createWorkspace,
  PASSWORD,
  printHeader,
  printTable,
  ROOT,
  section,
  tempDir,
  withPgSchema,
} from './lib.mjs';

const ANSWERS = Number(process.env.RENFE_BENCH_BUNDLE_ANSWERS ?? 1500);
const FILES = Number(process.env.RENFE_BENCH_BUNDLE_FILES ?? 200);
const MB = Number(process.env.RENFE_BENCH_BUNDLE_MB ?? 1);
const EMAIL = 'bench@bench.test';
const VALUES = ['yes', 'partial', 'no', 'na'];
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The CLI copy, wrapped so that each process writes its peak RSS (KiB) where RENFE_BENCH_RSS says. */
function rssCli(cli, dir) {
  const wrapper = join(dir, 'dist', 'renfe-rss.mjs');
  writeFileSync(
    wrapper,
    [
      "import { writeFileSync } from 'node:fs';",
      "process.on('exit', () => process.env.RENFE_BENCH_RSS && writeFileSync(process.env.RENFE_BENCH_RSS, String(process.resourceUsage().maxRSS)));",
      `await import(${JSON.stringify(cli)});`,
      '',
    ].join('\n'),
  );
  return wrapper;
}

/** One CLI process: its wall time, its peak RSS and its JSON output. */
function timed(cli, env, args, rssFile) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: ROOT,
    env: { ...env, RENFE_BENCH_RSS: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`renfe ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return { wall, rss: Number(readFileSync(rssFile, 'utf8')) * 1024, out: r.stdout };
}

/** A workspace with an assessment of `answers` answers and `files` evidence files of `mb` MB, made in-process. */
async function sourceAssessment(renfe, dir, env, { answers, files, mb }) {
  const app = await renfe.openApp({
    target: renfe.parseDatabaseTarget(join(dir, 'data', 'renfe.db')),
    schema: 'current',
    settings: { sessionHours: 12, lockout: renfe.DEFAULT_LOCKOUT },
    billing: { plansFile: env.RENFE_BILLING_PLANS },
  });
  try {
    const { session } = await app.auth.login({ email: EMAIL, password: PASSWORD.trim() });
    const principal = await app.auth.authenticate({ sessionSecret: session.token });
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify(generateOscalCatalog(Math.ceil(Math.max(answers, 1) * 1.1))));
    await app.assessment.importFramework(principal, { path: catalog, id: 'bench-bundle' });
    const { id } = await app.assessment.create(principal, { subject: 'Bench bundle', frameworks: ['bench-bundle'] });
    const states = renfe.questionStates(await app.assessment.open(principal, id)).filter((s) => s.asked);
    const rows = states
      .slice(0, answers)
      .map((s, i) => ({ place: `row ${i + 1}`, question: s.question.id, value: VALUES[i % 4] }));
    await app.assessment.importAnswers(principal, id, rows);
    for (let i = 0; i < files; i++) {
      await app.assessment.addEvidence(principal, {
        assessmentId: id,
        question: states[i % states.length].question.id,
        file: { name: `scan-${i}.bin`, content: randomBytes(Math.round(mb * 1024 * 1024)) },
      });
    }
    return { id, answers: rows.length };
  } finally {
    await app.close();
  }
}

async function run(renfe, cli, dir, shape, pg) {
  const plans = join(dir, 'plans.yaml');
  writeFileSync(plans, 'plans:\n  - {id: free, name: Free, limits: {}}\n');
  const source = join(dir, `source-${shape.files}`);
  const env = { ...createWorkspace(source, undefined, cli), RENFE_BILLING_PLANS: plans };
  const made = await sourceAssessment(renfe, source, env, shape);
  const file = join(dir, `bench-${shape.files}.renfe`);
  const rss = join(dir, 'rss');
  const label = `${made.answers} answers, ${shape.files} x ${shape.mb} MB`;
  const exported = timed(cli, env, ['--json', 'assessment', 'export', made.id, '--bundle', file], rss);
  const verified = timed(cli, env, ['--json', 'bundle', 'verify', file], rss);
  const rows = [
    [`${label}: export (SQLite)`, exported],
    [`${label}: verify`, verified],
  ];
  const target = join(dir, `target-${shape.files}`);
  const targetEnv = { ...createWorkspace(target, undefined, cli), RENFE_BILLING_PLANS: plans };
  rows.push([
    `${label}: import (SQLite)`,
    timed(cli, targetEnv, ['--json', 'assessment', 'import', '--bundle', file], rss),
  ]);
  if (pg) {
    await withPgSchema(pg, async (schemaUrl) => {
      const pgDir = join(dir, `pg-${shape.files}`);
      const pgEnv = { ...createWorkspace(pgDir, schemaUrl, cli), RENFE_BILLING_PLANS: plans };
      rows.push([
        `${label}: import (PostgreSQL)`,
        timed(cli, pgEnv, ['--json', 'assessment', 'import', '--bundle', file], rss),
      ]);
    });
  }
  const size = statSync(file).size;
  rmSync(file, { force: true });
  return { rows, size, evidenceBytes: shape.files * shape.mb * 1024 * 1024 };
}

export async function bundleBenchmarks() {
  section(
    `Bundles: an assessment of ${ANSWERS} answers with ${FILES} evidence files of ${MB} MB, then a tenth of the evidence`,
  );
  const dir = tempDir('bundle');
  try {
    const { renfe, cli } = await bundle(dir);
    const wrapped = rssCli(cli, dir);
    const pg = process.env.RENFE_BENCH_PG_URL;
    const shapes = [
      { answers: ANSWERS, files: FILES, mb: MB },
      { answers: ANSWERS, files: Math.max(1, Math.round(FILES / 10)), mb: MB },
    ];
    const results = [];
    for (const shape of shapes) results.push(await run(renfe, wrapped, dir, shape, pg));
    printTable(
      ['command', 'wall ms', 'peak RSS', 'bundle', 'evidence'],
      results.flatMap((r) =>
        r.rows.map(([label, m]) => [label, m.wall.toFixed(0), mib(m.rss), mib(r.size), mib(r.evidenceBytes)]),
      ),
    );
    if (!pg) console.log('PostgreSQL import skipped: set RENFE_BENCH_PG_URL=postgres://... to measure it');
    console.log('target: peak RSS about the same for both evidence sizes (memory does not grow with the evidence)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printHeader();
  await bundleBenchmarks();
}
