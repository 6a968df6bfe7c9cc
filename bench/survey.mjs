// Survey figures at scale: a survey of 30 questions with 100,000 responses,
// imported from a Google Forms-style CSV, then its results (every figure from
// GROUP BY counts in the database), on SQLite and PostgreSQL. Prints numbers
// only. Run by bench/run.mjs, or alone with `node bench/survey.mjs`.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, measure, ms, PASSWORD, printHeader, printTable, section, tempDir, withPgSchema } from './lib.mjs';

const RESPONSES = Number(process.env.RENFE_BENCH_SURVEY_RESPONSES ?? 100_000);
const LIKERT = 22;
const thousands = (n) => n.toLocaleString('en-US');

function surveyYaml() {
  const questions = [];
  for (let i = 1; i <= LIKERT; i++)
    questions.push(`      - {id: l${i}, type: likert, required: true, text: "Statement number ${i}."}`);
  questions.push('      - {id: n1, type: nps, required: true, text: "Recommend us?"}');
  questions.push('      - {id: n2, type: nps, text: "Recommend the training?"}');
  questions.push('      - {id: r1, type: rating, max: 5, text: "Rate the tools."}');
  questions.push('      - {id: r2, type: rating, max: 5, text: "Rate the support."}');
  questions.push(
    '      - {id: s1, type: single_choice, required: true, text: "Area?", options: [{id: ops, label: "Operations"}, {id: office, label: "Office"}, {id: it, label: "IT"}, {id: mgmt, label: "Management"}]}',
  );
  questions.push(
    '      - {id: m1, type: multiple_choice, text: "Tools used?", options: [{id: mail, label: "Email"}, {id: chat, label: "Chat"}, {id: vpn, label: "VPN"}]}',
  );
  questions.push('      - {id: y1, type: yes_no, required: true, text: "Reported anything?"}');
  questions.push('      - {id: t1, type: text, text: "Anything else?"}');
  return `id: bench\ntitle: "Bench survey"\nanonymous: true\nsections:\n  - id: s\n    title: "All"\n    questions:\n${questions.join('\n')}\n`;
}

/** A deterministic CSV as Google Forms exports it: timestamp, then a column per question text. */
function responsesCsv() {
  const header = ['Timestamp', ...Array.from({ length: LIKERT }, (_, i) => `Statement number ${i + 1}.`)];
  header.push(
    'Recommend us?',
    'Recommend the training?',
    'Rate the tools.',
    'Rate the support.',
    'Area?',
    'Tools used?',
    'Reported anything?',
    'Anything else?',
  );
  const lines = [header.map((h) => `"${h}"`).join(',')];
  let seed = 42;
  const next = (n) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  const areas = ['Operations', 'Office', 'IT', 'Management'];
  const tools = ['Email', 'Email, Chat', 'VPN', 'Chat, VPN'];
  for (let r = 0; r < RESPONSES; r++) {
    const cells = [`2027-03-${String(1 + (r % 28)).padStart(2, '0')} 10:00:00`];
    for (let i = 0; i < LIKERT; i++) cells.push(String(1 + next(5)));
    cells.push(String(next(11)), String(next(11)), String(1 + next(5)), String(1 + next(5)));
    cells.push(areas[next(4)], `"${tools[next(4)]}"`, next(2) ? 'Yes' : 'No', r % 50 === 0 ? `"note ${r}"` : '');
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function run(renfe, url, label, files) {
  const app = await renfe.openApp({
    target: renfe.parseDatabaseTarget(url),
    schema: 'migrate',
    settings: { sessionHours: 12, lockout: renfe.DEFAULT_LOCKOUT },
    billing: { plansFile: files.plans },
  });
  try {
    const { session } = await app.auth.init({ orgName: 'Bench', email: 'bench@bench.test', password: PASSWORD.trim() });
    const principal = await app.auth.authenticate({ sessionSecret: session.token });
    await app.survey.create(principal, files.survey);
    await app.survey.publish(principal, 'bench');
    const rssBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const imported = await app.survey.import(principal, 'bench', { path: files.csv });
    const importMs = performance.now() - t0;
    // CPU of this process (on SQLite the database engine runs here too): what a busy machine does not inflate.
    const cpu = process.cpuUsage(cpu0);
    const importCpu = (cpu.user + cpu.system) / 1000;
    const importRss = process.memoryUsage().rss;
    const results = await measure(() => app.survey.results(principal, 'bench'), { runs: 5, warmups: 1 });
    const breakdown = await measure(() => app.survey.results(principal, 'bench', { by: 's1' }), {
      runs: 3,
      warmups: 1,
    });
    const check = await app.survey.results(principal, 'bench');
    return [
      [
        `${label}: import ${thousands(imported.imported)} rows`,
        ms(importMs),
        `${Math.round(importRss / 2 ** 20)} MB rss (+${Math.round((importRss - rssBefore) / 2 ** 20)})`,
        ms(importCpu),
        label === 'SQLite' ? '< 10,000 ms' : '',
      ],
      [
        `${label}: results (${thousands(check.completed)} responses)`,
        ms(results.median),
        '',
        '',
        label === 'SQLite' ? '< 1,000 ms' : '',
      ],
      [`${label}: results --by s1`, ms(breakdown.median), '', '', ''],
    ];
  } finally {
    await app.close();
  }
}

export async function surveyBenchmarks() {
  section(`Survey: 30 questions, ${thousands(RESPONSES)} responses imported from a CSV, then results`);
  const dir = tempDir('survey');
  try {
    const { renfe } = await bundle(dir);
    const files = {
      survey: join(dir, 'bench-survey.yaml'),
      csv: join(dir, 'responses.csv'),
      plans: join(dir, 'plans.yaml'),
    };
    writeFileSync(files.survey, surveyYaml());
    writeFileSync(files.csv, responsesCsv());
    writeFileSync(files.plans, 'plans:\n  - {id: free, name: Free, limits: {}}\n');
    const rows = await run(renfe, join(dir, 'survey.db'), 'SQLite', files);
    const pg = process.env.RENFE_BENCH_PG_URL;
    if (pg)
      await withPgSchema(pg, async (schemaUrl) => rows.push(...(await run(renfe, schemaUrl, 'PostgreSQL', files))));
    else rows.push(['PostgreSQL', 'skipped: set RENFE_BENCH_PG_URL', '', '', '']);
    printTable(['figure', 'median ms', 'memory', 'cpu ms', 'target'], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printHeader();
  await surveyBenchmarks();
}
