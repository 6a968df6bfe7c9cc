// Report figures at the size of a large assessment: the `full` PDF of 1,500
// answered questions (time and peak memory, each in a fresh process, against
// bare pdfkit writing the same text), and the JSON and CSV exports. Prints
// numbers only. Run by bench/run.mjs, or alone with `node bench/report.mjs`.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, measure, ms, printHeader, printTable, section, tempDir } from './lib.mjs';

const QUESTIONS = 1500;
const CHILD_RUNS = 3;

/** Runs `script` in a fresh node process and returns what it printed as JSON. */
function child(script, args) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

// Both children build the same data, then time only the drawing and writing.
const RENDER_WITH_RENFE = `
const [entry, fixture, out] = process.argv.slice(1);
const renfe = await import(entry);
const { largeReportData } = await import(fixture);
const data = largeReportData(${QUESTIONS});
const template = await renfe.fileTemplateStore().load('full');
const narrative = renfe.composeNarrative(data, 'en');
const render = await renfe.loadRenderer('pdf');
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

export async function reportBenchmarks() {
  const dir = tempDir('report');
  try {
    const { renfe, entryUrl } = await bundle(dir);
    const fixture = new URL('./fixtures/large-report.mjs', import.meta.url).href;
    const { largeReportData } = await import(fixture);
    const font = join(
      fileURLToPath(new URL('..', import.meta.url)),
      'node_modules',
      'dejavu-fonts-ttf',
      'ttf',
      'DejaVuSans.ttf',
    );
    section(`Reports: the full template of an assessment with ${QUESTIONS.toLocaleString('en-US')} answered questions`);
    const runs = (script, args) => {
      const results = Array.from({ length: CHILD_RUNS }, () => child(script, args));
      const pick = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(CHILD_RUNS / 2)];
      return { ms: pick('ms'), rssMb: pick('rssMb'), bytes: results[0].bytes };
    };
    const ours = runs(RENDER_WITH_RENFE, [entryUrl, fixture, join(dir, 'full.pdf')]);
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
          'same text with bare pdfkit (no layout, charts or tables)',
          `${ms(bare.ms)} ms, ${bare.rssMb.toFixed(0)} MB`,
          CHILD_RUNS,
          '',
        ],
        ['ratio renfe / bare pdfkit (time)', `${(ours.ms / bare.ms).toFixed(2)}x`, '', ''],
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
