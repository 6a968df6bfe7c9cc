// Sync figures: `renfe sync push` of a SQLite workspace holding one assessment
// of 1,500 answered questions (a generated framework) and 200 evidence
// files of 1 MB each, to PostgreSQL: wall time and peak memory of the first
// push (the assessment created there, then evidence in batches) and of a
// second push (nothing to send). Scale down with RENFE_BENCH_SYNC_ANSWERS,
// RENFE_BENCH_SYNC_FILES and RENFE_BENCH_SYNC_FILE_MB. Prints numbers only.
// Run by bench/run.mjs, or alone with `node bench/sync.mjs`; needs RENFE_BENCH_PG_URL.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import {
  bundle,
  createWorkspace,
  ms,
  nodeSync,
  PASSWORD,
  printHeader,
  printTable,
  renfeSync,
  section,
  tempDir,
  withPgSchema,
} from './lib.mjs';

const ANSWERS = Number(process.env.RENFE_BENCH_SYNC_ANSWERS ?? 1500);
const FILES = Number(process.env.RENFE_BENCH_SYNC_FILES ?? 200);
const FILE_MB = Number(process.env.RENFE_BENCH_SYNC_FILE_MB ?? 1);
const VALUES = ['yes', 'partial', 'no', 'na'];
const thousands = (n) => n.toLocaleString('en-US');

/**
 * A framework in renfe's own format with `count` yes/no questions, 50 controls
 * to a domain. (Not the generated OSCAL catalog of the other benchmarks: a
 * catalog read back from an OSCAL import does not hash to the content hash
 * stored with it, and the import on the other side refuses it.)
 */
function frameworkFile(count) {
  const requirements = [];
  for (let d = 0; d * 50 < count; d++) {
    const children = [];
    for (let r = 0; r < 50 && d * 50 + r < count; r++) {
      const id = `D${d + 1}.${r + 1}`;
      children.push({
        id,
        title: { en: `Control ${id}` },
        questions: [{ id: `${id}.Q1`, type: 'yes_no', text: { en: `Is control ${id} in place?` } }],
      });
    }
    requirements.push({ id: `D${d + 1}`, title: { en: `Domain ${d + 1}` }, children });
  }
  return JSON.stringify({
    id: 'bench-sync',
    version: '1',
    name: { en: 'Bench sync' },
    languages: ['en'],
    requirements,
  });
}

/** A SQLite workspace with one assessment: ANSWERS questions answered, FILES evidence files. */
function localWorkspace(dir, cli) {
  const env = createWorkspace(join(dir, 'local'), undefined, cli);
  const catalog = join(dir, 'bench-sync.yaml');
  writeFileSync(catalog, frameworkFile(ANSWERS));
  const framework = JSON.parse(renfeSync(env, ['--json', 'framework', 'import', catalog], undefined, cli)).framework.id;
  const id = JSON.parse(
    renfeSync(env, ['--json', 'assessment', 'create', '--subject', 'Bench', '--framework', framework], undefined, cli),
  ).id;
  const listed = JSON.parse(renfeSync(env, ['assessment', 'export-answers', id, '--format', 'json'], undefined, cli));
  const questions = listed.answers.slice(0, ANSWERS);
  const answers = join(dir, 'answers.json');
  writeFileSync(
    answers,
    JSON.stringify(
      questions.map((q, i) => ({
        question: `${q.framework}:${q.question}`,
        value: VALUES[i % 4],
        note: i % 3 === 0 ? 'Seen on site.' : null,
      })),
    ),
  );
  renfeSync(env, ['assessment', 'import-answers', id, answers], undefined, cli);

  // The evidence rows go straight into the file: the figure is the push, not `evidence add`.
  const db = new Database(join(env.RENFE_DATA_DIR, 'renfe.db'));
  const { framework_id: frameworkId } = db
    .prepare('select framework_id from assessment_assessment_frameworks where assessment_id = ?')
    .get(id);
  const insert = db.prepare(
    `insert into assessment_evidence (id, assessment_id, framework_id, qid, kind, name, sha256, size, content, url, added_by, added_at)
     values (?, ?, ?, ?, 'file', ?, ?, ?, ?, null, 'bench@bench.test', ?)`,
  );
  for (let i = 0; i < FILES; i++) {
    const content = randomBytes(Math.round(FILE_MB * 1024 * 1024));
    const sha = createHash('sha256').update(content).digest('hex');
    const q = questions[i % questions.length].question;
    insert.run(
      randomUUID(),
      id,
      frameworkId,
      q,
      `evidence-${i}.bin`,
      sha,
      content.length,
      content,
      new Date().toISOString(),
    );
  }
  db.close();
  return { env, id, answers: questions.length, bytes: statSync(join(env.RENFE_DATA_DIR, 'renfe.db')).size };
}

/** Runs the CLI once with a module loaded first that records the process's peak RSS at exit. */
function timed(dir, cli, env, args) {
  const peakFile = join(dir, 'peak');
  const hook = join(dir, 'peak.mjs');
  writeFileSync(
    hook,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const start = performance.now();
  const out = nodeSync(['--import', pathToFileURL(hook).href, cli, ...args], env);
  const wall = performance.now() - start;
  return { wall, peakMb: Number(readFileSync(peakFile, 'utf8')) / 1024, summary: JSON.parse(out) };
}

export async function syncBenchmarks() {
  section(
    `Sync: \`renfe sync push\` SQLite → PostgreSQL, ${thousands(ANSWERS)} answers and ${FILES} evidence files of ${FILE_MB} MB`,
  );
  const url = process.env.RENFE_BENCH_PG_URL;
  if (!url) {
    console.log('skipped: set RENFE_BENCH_PG_URL=postgres://... to measure sync to PostgreSQL');
    return;
  }
  const dir = tempDir('sync');
  try {
    const { cli } = await bundle(dir);
    const local = localWorkspace(dir, cli);
    await withPgSchema(url, async (schemaUrl) => {
      createWorkspace(join(dir, 'central'), schemaUrl, cli);
      renfeSync(
        local.env,
        ['--db', schemaUrl, 'login', '--email', 'bench@bench.test', '--password-stdin'],
        PASSWORD,
        cli,
      );
      const push = ['--json', 'sync', 'push', '--to', schemaUrl];
      const first = timed(dir, cli, local.env, push);
      const second = timed(dir, cli, local.env, push);
      const evidenceMb = FILES * FILE_MB;
      printTable(
        ['push', 'sent', 'unchanged', 'evidence MB', 'wall ms', 'peak RSS MB', 'target'],
        [
          [
            'first (creates the assessment there)',
            thousands(first.summary.sent),
            thousands(first.summary.unchanged),
            String(evidenceMb),
            ms(first.wall),
            first.peakMb.toFixed(0),
            'memory flat in evidence size',
          ],
          [
            'second (nothing to send)',
            thousands(second.summary.sent),
            thousands(second.summary.unchanged),
            '0',
            ms(second.wall),
            second.peakMb.toFixed(0),
            'sent 0',
          ],
        ],
      );
      console.log(`local SQLite file: ${(local.bytes / 1048576).toFixed(0)} MB`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printHeader();
  await syncBenchmarks();
}
