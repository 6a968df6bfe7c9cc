// Background-job figures on PostgreSQL through pg-boss: no-op jobs per second
// with one and two `renfe worker` processes, then a batch of executive PDFs
// (`report batch --async`) rendered by one and by two workers. Throughput is
// taken from the run log (first run started to last run finished), so worker
// start-up and idle detection are left out; the wall time of the whole drain
// is shown beside it. Prints numbers only. Run by bench/run.mjs, or alone with
// `node bench/jobs.mjs` (after `npm run build`); needs RENFE_BENCH_PG_URL.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CLI,
  createWorkspace,
  printHeader,
  printTable,
  renfeSync,
  ROOT,
  section,
  tempDir,
  withPgSchema,
} from './lib.mjs';

const NOOP_JOBS = 2000;
const PDFS = 50;
const CONCURRENCY = 4;

function worker(env, queues) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'worker', '--queues', queues, '--concurrency', String(CONCURRENCY), '--until-idle', '--poll', '500'],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

/** Runs `workers` worker processes until the queue is drained; the span of the runs from the run log. */
async function drain(env, client, queue, workers) {
  const since = new Date().toISOString();
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, () => worker(env, queue)));
  const wall = performance.now() - start;
  const { rows } = await client.query(
    `select count(*)::int as runs, count(distinct worker)::int as workers, min(started_at) as first, max(finished_at) as last,
       count(*) filter (where outcome <> 'completed')::int as failed
     from jobs_runs where queue = $1 and started_at >= $2`,
    [queue, since],
  );
  const r = rows[0];
  const span = Date.parse(r.last) - Date.parse(r.first);
  return { runs: r.runs, workers: r.workers, failed: r.failed, span, wall };
}

export async function jobsBenchmarks() {
  section('Background jobs on PostgreSQL (pg-boss)');
  const url = process.env.RENFE_BENCH_PG_URL;
  if (!url) {
    console.log('skipped: set RENFE_BENCH_PG_URL=postgres://... to measure jobs per second through pg-boss');
    return;
  }
  await withPgSchema(url, async (schemaUrl, schema) => {
    const dir = tempDir('jobs');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: schemaUrl });
    await client.connect();
    try {
      const env = createWorkspace(dir, schemaUrl);
      // The shipped free plan allows 5 assessments a month; the batch needs 50.
      renfeSync(env, ['config', 'set', 'billing.plansFile', join(ROOT, 'tests/support/fixtures/plans-unlimited.yaml')]);
      console.log(`schema ${schema} (pg-boss in pgboss_${schema}), ${CONCURRENCY} jobs at once per worker`);

      const rows = [];
      for (const workers of [1, 2]) {
        renfeSync(env, ['jobs', 'ping', '--count', String(NOOP_JOBS)]);
        const r = await drain(env, client, 'ping', workers);
        rows.push([
          `${NOOP_JOBS} no-op jobs`,
          String(workers),
          String(r.runs),
          (r.runs / (r.span / 1000)).toFixed(0),
          (r.span / 1000).toFixed(2),
          (r.wall / 1000).toFixed(2),
        ]);
      }

      const ids = [];
      for (let i = 0; i < PDFS; i++) {
        ids.push(
          renfeSync(env, [
            'assessment',
            'create',
            '--subject',
            `Client ${i + 1}`,
            '--framework',
            'nist-csf-2.0',
          ]).trim(),
        );
      }
      const list = join(dir, 'ids.txt');
      writeFileSync(list, `${ids.join('\n')}\n`);
      for (const workers of [1, 2]) {
        const out = join(dir, `pdfs-${workers}`);
        renfeSync(env, [
          'report',
          'batch',
          '--assessments',
          list,
          '--template',
          'executive',
          '--out-dir',
          out,
          '--async',
        ]);
        const r = await drain(env, client, 'reports', workers);
        rows.push([
          `${PDFS} executive PDFs`,
          String(workers),
          String(r.runs),
          (r.runs / (r.span / 1000)).toFixed(2),
          (r.span / 1000).toFixed(2),
          (r.wall / 1000).toFixed(2),
        ]);
      }
      printTable(['work', 'workers', 'runs', 'jobs/s', 'run span s', 'wall s'], rows);
    } finally {
      await client.end();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists pgboss_${schema} cascade`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printHeader();
  await jobsBenchmarks();
}
