// Report figures at the size of a large assessment. First the whole
// `renfe report generate` command, as a user runs it, on a SQLite workspace
// holding an assessment of a generated OSCAL catalog with every one of its
// 1,500 questions answered: wall time and peak memory of the full PDF and of
// the JSON and CSV exports. Then the PDF renderer alone (each run in a fresh
// process) against bare pdfkit writing the same text, and the exports
// in-process. Prints numbers only. Run by bench/run.mjs, or alone with
// `node bench/report.mjs`.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateOscalCatalog } from './fixtures/oscal-generator.mjs';
import {
  bundle,
  createWorkspace,
  measure,
  median,
  ms,
  nodeSync,
  printHeader,
  printTable,
  renfeSync,
  section,
  tempDir,
} from './lib.mjs';

const QUESTIONS = 1500;
// The generator withdraws a few controls: this many give just over 1,500 questions.
const CONTROLS = 1540;
const CHILD_RUNS = 3;
const CLI_RUNS = 5;
const VALUES = ['yes', 'partial', 'no', 'na'];
const NOTE = '"Reviewed with the IT lead; evidence in the shared drive, policy v2 approved."';

/** Runs `script` in a fresh node process and returns what it printed as JSON. */
function child(script, args) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

// Both children build the same data, then time only the drawing and writing.
const RENDER_WITH_RENFE = `
const [entry, fixture, out, plain] = process.argv.slice(1);
const renfe = await import(entry);
const { largeReportData } = await import(fixture);
const data = largeReportData(${QUESTIONS});
const template = await renfe.fileTemplateStore().load('full');
const narrative = renfe.composeNarrative(data, 'en');
const render = plain === 'plain' ? renfe.pdfRenderer({ plain: true }) : await renfe.loadRenderer('pdf');
const start = performance.now();
const pdf = await render({ data, template, branding: renfe.DEFAULT_BRANDING, narrative, language: 'en' });
(await import('node:fs')).writeFileSync(out, pdf);
console.log(JSON.stringify({ ms: performance.now() - start, rssMb: process.resourceUsage().maxRSS / 1024, bytes: pdf.length }));
`;

const RENDER_WITH_PDFKIT = `
const [fixture, out, font] = process.argv.slice(1);
const { largeReportData } = await import(fixture);
const { default: PDFDocument } = await import('pdfkit');
const { createWriteStream } = await import('node:fs');
const data = largeReportData(${QUESTIONS});
const start = performance.now();
const doc = new PDFDocument({ size: 'A4', margin: 50 });
const done = new Promise((resolve) => doc.pipe(createWriteStream(out)).on('finish', resolve));
doc.registerFont('body', font).font('body').fontSize(8);
for (const f of data.frameworks) for (const r of f.requirements) {
  doc.fontSize(10).text(r.id + ' ' + r.title).fontSize(8);
  for (const q of r.questions) doc.text([q.id, q.text, q.answer ?? '', q.note ?? ''].join('  '));
}
doc.end();
await done;
console.log(JSON.stringify({ ms: performance.now() - start, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;

/** A SQLite workspace with one assessment of CONTROLS generated controls, every question answered. */
function answeredWorkspace(dir, cli) {
  const env = createWorkspace(join(dir, 'workspace'), undefined, cli);
  const catalog = join(dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify(generateOscalCatalog(CONTROLS)));
  const framework = JSON.parse(renfeSync(env, ['--json', 'framework', 'import', catalog], undefined, cli)).framework.id;
  const id = JSON.parse(
    renfeSync(env, ['--json', 'assessment', 'create', '--subject', 'Bench', '--framework', framework], undefined, cli),
  ).id;
  const questions = renfeSync(env, ['assessment', 'export-answers', id], undefined, cli)
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(0, 2).join(','));
  const answers = join(dir, 'answers.csv');
  const rows = questions.map((q, i) => `${q},${VALUES[i % 4]},${i % 3 === 0 ? NOTE : ''}`);
  writeFileSync(answers, ['framework,question,value,note', ...rows].join('\n'));
  renfeSync(env, ['assessment', 'import-answers', id, answers], undefined, cli);
  return { env, id, questions: questions.length };
}

/**
 * `renfe report generate` in fresh processes: the median wall time and peak
 * memory. The peak is read by a module loaded before the CLI, at its exit.
 */
function timeGenerate(dir, cli, { env, id }, template, format) {
  const peakFile = join(dir, 'peak');
  const hook = join(dir, 'peak.mjs');
  writeFileSync(
    hook,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const out = join(dir, `report.${format}`);
  const args = ['--import', pathToFileURL(hook).href, cli, 'report', 'generate', id, '--template', template];
  const walls = [];
  const peaks = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const start = performance.now();
    nodeSync([...args, '--format', format, '--out', out], env);
    walls.push(performance.now() - start);
    peaks.push(Number(readFileSync(peakFile, 'utf8')) / 1024);
  }
  return { wall: median(walls.sort((a, b) => a - b)), peak: median(peaks.sort((a, b) => a - b)) };
}

async function commandBenchmarks(dir, cli) {
  const workspace = answeredWorkspace(dir, cli);
  section(
    `Reports: \`renfe report generate\` on SQLite, ${workspace.questions.toLocaleString('en-US')} answered questions (generated OSCAL catalog)`,
  );
  const bare = await measure(() => nodeSync(['-e', '0']), { runs: CLI_RUNS, warmups: 1 });
  const pdf = timeGenerate(dir, cli, workspace, 'full', 'pdf');
  const json = timeGenerate(dir, cli, workspace, 'full', 'json');
  const csv = timeGenerate(dir, cli, workspace, 'full', 'csv');
  printTable(
    ['command (median wall, fresh process)', 'wall', 'peak memory', 'runs', 'target'],
    [
      ['bare node -e 0', `${ms(bare.median)} ms`, '', CLI_RUNS, ''],
      [
        '--template full --format pdf',
        `${ms(pdf.wall)} ms`,
        `${pdf.peak.toFixed(0)} MB`,
        CLI_RUNS,
        '< 3000 ms, < 250 MB',
      ],
      ['--template full --format json', `${ms(json.wall)} ms`, `${json.peak.toFixed(0)} MB`, CLI_RUNS, '< 1000 ms'],
      ['--template full --format csv', `${ms(csv.wall)} ms`, `${csv.peak.toFixed(0)} MB`, CLI_RUNS, '< 1000 ms'],
    ].map((row) => row.map(String)),
  );
}

export async function reportBenchmarks() {
  const dir = tempDir('report');
  try {
    const { renfe, entryUrl, cli } = await bundle(dir);
    await commandBenchmarks(dir, cli);
    const fixture = new URL('./fixtures/large-report.mjs', import.meta.url).href;
    const { largeReportData } = await import(fixture);
    const font = join(
      fileURLToPath(new URL('..', import.meta.url)),
      'node_modules',
      'dejavu-fonts-ttf',
      'ttf',
      'DejaVuSans.ttf',
    );
    section(`Reports: the renderers alone, on report data of ${QUESTIONS.toLocaleString('en-US')} answered questions`);
    const runs = (script, args) => {
      const results = Array.from({ length: CHILD_RUNS }, () => child(script, args));
      const pick = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(CHILD_RUNS / 2)];
      return { ms: pick('ms'), rssMb: pick('rssMb'), bytes: results[0].bytes };
    };
    const ours = runs(RENDER_WITH_RENFE, [entryUrl, fixture, join(dir, 'full.pdf')]);
    const plain = runs(RENDER_WITH_RENFE, [entryUrl, fixture, join(dir, 'plain.pdf'), 'plain']);
    const bare = runs(RENDER_WITH_PDFKIT, [fixture, join(dir, 'bare.pdf'), font]);

    const data = largeReportData(QUESTIONS);
    const template = await renfe.fileTemplateStore().load('full');
    const input = {
      data,
      template,
      branding: renfe.DEFAULT_BRANDING,
      narrative: renfe.composeNarrative(data, 'en'),
      language: 'en',
    };
    const exportTime = async (format) => {
      const render = await renfe.loadRenderer(format);
      return measure(async () => writeFileSync(join(dir, `out.${format}`), await render(input)), {
        runs: 5,
        warmups: 1,
      });
    };
    const json = await exportTime('json');
    const csv = await exportTime('csv');
    printTable(
      ['figure', 'value', 'runs', 'target'],
      [
        ['full PDF, renfe renderer (median, fresh process)', `${ms(ours.ms)} ms`, String(CHILD_RUNS), '< 3000 ms'],
        ['full PDF, peak memory of that process', `${ours.rssMb.toFixed(0)} MB`, CHILD_RUNS, '< 250 MB'],
        ['full PDF size', `${(ours.bytes / 1024).toFixed(0)} KB`, 1, ''],
        [
          'the same PDF, byte for byte, drawn by plain pdfkit (speed-ups off)',
          `${ms(plain.ms)} ms, ${plain.rssMb.toFixed(0)} MB`,
          CHILD_RUNS,
          '',
        ],
        ['ratio renfe / plain pdfkit, same drawing (time)', `${(ours.ms / plain.ms).toFixed(2)}x`, '', ''],
        [
          'same text with bare pdfkit (no layout, charts or tables)',
          `${ms(bare.ms)} ms, ${bare.rssMb.toFixed(0)} MB`,
          CHILD_RUNS,
          '',
        ],
        ['ratio renfe / bare pdfkit text (time)', `${(ours.ms / bare.ms).toFixed(2)}x`, '', ''],
        ['JSON export (in-process)', `${ms(json.median)} ms`, 5, '< 1000 ms'],
        ['CSV export (in-process)', `${ms(csv.median)} ms`, 5, '< 1000 ms'],
      ].map((row) => row.map(String)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printHeader();
  await reportBenchmarks();
}
