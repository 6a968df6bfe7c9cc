// Assessment figures at the size of NIST SP 800-53: importing a generated
// OSCAL catalog of 1,500 controls and enhancements, then scoring and answering
// an assessment of it. Prints numbers only: the targets are shown beside them,
// never turned into pass/fail. Run by bench/run.mjs, or alone with
// `node bench/assessment.mjs`: it bundles what it runs, so needs no dist/.
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { generateOscalCatalog } from './fixtures/oscal-generator.mjs';
import {
  bundle,
  createWorkspace,
  measure,
  ms,
  PASSWORD,
  printHeader,
  printTable,
  renfeSync,
  section,
  UNLIMITED_PLANS,
  tempDir,
  withPgSchema,
} from './lib.mjs';

const CONTROLS = 1500;
/** A CLI process is cold whatever we do; in-process, the importer's JIT takes a few runs to settle. */
const CLI_IMPORTS = { runs: 5, warmups: 1 };
const IMPORTS = { runs: 5, warmups: 3 };
const PURE = { runs: 50, warmups: 5 };
const USE_CASES = { runs: 10, warmups: 2 };
const FAST = '< 20 ms';
const ANSWERS = ['yes', 'partial', 'no', 'na'];
const thousands = (n) => n.toLocaleString('en-US');

// -- fixtures ------------------------------------------------------------------

/** Pretty-printed, as catalogs are published. */
function writeCatalog(dir) {
  const file = join(dir, `catalog-${CONTROLS}.json`);
  writeFileSync(file, JSON.stringify(generateOscalCatalog(CONTROLS), null, 2));
  return file;
}

/** A workspace in this process: migrated, initialised, with its owner's principal. */
async function openWorkspace(renfe, databaseUrl) {
  const app = await renfe.openApp({
    target: renfe.parseDatabaseTarget(databaseUrl),
    schema: 'migrate',
    settings: { sessionHours: 12, lockout: renfe.DEFAULT_LOCKOUT },
    billing: { plansFile: UNLIMITED_PLANS },
  });
  try {
    const { session } = await app.auth.init({
      orgName: 'Bench 00',
      email: 'bench@bench.test',
      password: PASSWORD.trim(),
    });
    return { app, principal: await app.auth.authenticate({ sessionSecret: session.token }) };
  } catch (error) {
    await app.close();
    throw error;
  }
}

// -- 1. import -----------------------------------------------------------------

/** `renfe framework import` as a process; every run starts from the workspace as init left it. */
async function cliImport(cli, file) {
  const dir = tempDir('import-cli');
  try {
    const env = createWorkspace(dir, undefined, cli);
    const data = join(dir, 'data');
    const initialised = join(dir, 'initialised');
    cpSync(data, initialised, { recursive: true });
    const restore = () => {
      rmSync(data, { recursive: true, force: true });
      cpSync(initialised, data, { recursive: true });
    };
    return await measure(() => renfeSync(env, ['framework', 'import', file], undefined, cli), {
      ...CLI_IMPORTS,
      before: restore,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The import use case, then the parts it is made of, each alone. A version
 * can be imported once, so every run imports under its own framework id.
 */
async function inProcessImport(renfe, { app, principal }, file) {
  const key = (i) => `bench-${i}`;
  const useCase = await measure((i) => app.assessment.importFramework(principal, { path: file, id: key(i) }), IMPORTS);
  const parse = () => renfe.importOscalCatalog(readFileSync(file, 'utf8'), file);
  const catalog = parse();
  const save = (i) =>
    app.handle.db.transaction().execute((trx) =>
      renfe
        .kyselyAssessmentStore(trx)
        .frameworks(principal.org.id)
        .save(
          { ...catalog, id: `${key(i)}-saved` },
          { shared: false, origin: 'oscal-catalog', contentHash: '-' },
          new Date(),
        ),
    );
  return {
    framework: key(0),
    useCase,
    parse: await measure(parse, IMPORTS),
    hash: await measure(() => renfe.contentHash(catalog), IMPORTS),
    save: await measure(save, IMPORTS),
  };
}

// The baseline: the three tables with the columns of migration 0002 (without
// the organisation foreign key: there are no auth tables here), the same
// pragmas as renfe's connection, and the same rows, built naively.
const RAW_SCHEMA = `
create table assessment_frameworks (
  id text primary key, org_id text, scope_key text not null, framework_key text not null, version text not null,
  name text not null, publisher text, source text, languages text not null, levels text not null, license_note text,
  description text, origin text not null, content_hash text not null, requirement_count integer not null,
  question_count integer not null, created_at text not null, unique (scope_key, framework_key, version));
create table assessment_requirements (
  framework_id text not null references assessment_frameworks (id) on delete cascade, ref text not null,
  parent_ref text, position integer not null, depth integer not null, title text not null, description text,
  weight real not null, applicability text, withdrawn integer not null, primary key (framework_id, ref));
create table assessment_questions (
  framework_id text not null references assessment_frameworks (id) on delete cascade, qid text not null,
  requirement_ref text not null, position integer not null, type text not null, text text not null, guidance text,
  evidence text, weight real not null, spec text not null, primary key (framework_id, qid));
`;
const SPEC = JSON.stringify({
  when: null,
  choices: null,
  levels: null,
  min: null,
  max: null,
  unit: null,
  target: null,
});

const en = (text) => JSON.stringify({ en: text });
const prose = (parts = []) =>
  parts
    .flatMap((p) => [p.prose ?? '', prose(p.parts)])
    .filter(Boolean)
    .join('\n');

/** Groups and controls as requirement rows, and a yes/no question row per control in force. */
function rawRows(doc, frameworkId) {
  const requirements = [];
  const questions = [];
  const requirement = (node, parent, depth, description, withdrawn) =>
    requirements.push([
      frameworkId,
      node.id,
      parent,
      requirements.length,
      depth,
      en(node.title),
      description,
      1,
      null,
      withdrawn ? 1 : 0,
    ]);
  const control = (c, parent, depth) => {
    const withdrawn = (c.props ?? []).some((p) => p.name === 'status' && p.value === 'withdrawn');
    const statement = prose((c.parts ?? []).filter((p) => p.name === 'statement'));
    const description = statement ? en(statement) : null;
    requirement(c, parent, depth, description, withdrawn);
    if (!withdrawn) {
      const text = en(`Is "${c.title}" (${c.id}) implemented?`);
      questions.push([frameworkId, `${c.id}.Q1`, c.id, questions.length, 'yes_no', text, description, null, 1, SPEC]);
    }
    for (const enhancement of c.controls ?? []) control(enhancement, c.id, depth + 1);
  };
  for (const group of doc.catalog.groups) {
    requirement(group, null, 0, null, false);
    for (const c of group.controls) control(c, group.id, 1);
  }
  const { metadata, uuid } = doc.catalog;
  const framework = {
    id: frameworkId,
    org_id: 'org',
    scope_key: 'org',
    framework_key: 'bench',
    version: metadata.version,
    name: en(metadata.title),
    publisher: null,
    source: `urn:uuid:${uuid}`,
    languages: '["en"]',
    levels: '[]',
    license_note: null,
    description: null,
    origin: 'oscal-catalog',
    content_hash: '-',
    requirement_count: questions.length,
    question_count: questions.length,
    created_at: new Date().toISOString(),
  };
  return { framework, requirements, questions };
}

function rawDatabase(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.exec(RAW_SCHEMA);
  return db;
}

function rawImportOnce(db, file) {
  const { framework, requirements, questions } = rawRows(JSON.parse(readFileSync(file, 'utf8')), 'f1');
  const columns = Object.keys(framework);
  const intoFrameworks = db.prepare(
    `insert into assessment_frameworks (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const values = (width) => `values (${Array(width).fill('?').join(', ')})`;
  const intoRequirements = db.prepare(`insert into assessment_requirements ${values(10)}`);
  const intoQuestions = db.prepare(`insert into assessment_questions ${values(10)}`);
  db.transaction(() => {
    intoFrameworks.run(framework);
    for (const row of requirements) intoRequirements.run(row);
    for (const row of questions) intoQuestions.run(row);
  })();
}

/** JSON.parse and raw better-sqlite3 inserts, into a fresh file each run. */
async function rawImport(file) {
  const dir = tempDir('import-raw');
  let db;
  try {
    return await measure(() => rawImportOnce(db, file), {
      ...IMPORTS,
      before: (i) => (db = rawDatabase(join(dir, `raw-${i}.db`))),
      after: () => db.close(),
    });
  } finally {
    if (db?.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// -- 2 and 3. scoring and answering --------------------------------------------

/** An assessment of `framework` with every question answered (yes, partial, no, n/a in turn). */
async function answeredAssessment(renfe, { app, principal }, framework) {
  const { id } = await app.assessment.create(principal, { subject: 'Bench', frameworks: [framework] });
  const states = renfe.questionStates(await app.assessment.open(principal, id));
  const rows = states.map((s, i) => ({ place: `row ${i + 1}`, question: s.question.id, value: ANSWERS[i % 4] }));
  const importAnswers = await measure(() => app.assessment.importAnswers(principal, id, rows), { runs: 1 });
  return { id, questions: states.length, importAnswers };
}

async function scoring(renfe, { app, principal }, id) {
  const loaded = await app.assessment.open(principal, id);
  const prepared = renfe.prepareCatalog(loaded.frameworks[0].catalog);
  const answers = new Map(loaded.answers.map((a) => [a.questionId, a.value]));
  const options = { targetLevel: loaded.record.targetLevel };
  return {
    score: await measure(() => renfe.scoreAssessment(prepared, answers, options), PURE),
    scores: await measure(() => app.assessment.scores(principal, id), USE_CASES),
  };
}

/** What the interactive questionnaire does after each answer, in parts and whole. */
async function nextQuestion(renfe, { app, principal }, id) {
  const loaded = await app.assessment.open(principal, id);
  const answered = loaded.answers.length;
  const answer = (i) =>
    app.assessment.answer(principal, {
      assessmentId: id,
      question: loaded.answers[(i * 37) % answered].questionId,
      value: ANSWERS[i % 4],
    });
  const step = async (i) => {
    await answer(i);
    const states = renfe.questionStates(await app.assessment.open(principal, id));
    renfe.nextAsked(states, i % states.length, 1);
  };
  return {
    next: await measure((i) => renfe.nextUnanswered(renfe.questionStates(loaded), i % answered), PURE),
    answer: await measure(answer, USE_CASES),
    step: await measure(step, USE_CASES),
  };
}

/** Every in-process figure, on a fresh workspace at `databaseUrl`. */
async function inProcessFigures(renfe, databaseUrl, file) {
  const workspace = await openWorkspace(renfe, databaseUrl);
  try {
    const imported = await inProcessImport(renfe, workspace, file);
    const assessment = await answeredAssessment(renfe, workspace, imported.framework);
    return {
      ...imported,
      ...assessment,
      ...(await scoring(renfe, workspace, assessment.id)),
      ...(await nextQuestion(renfe, workspace, assessment.id)),
    };
  } finally {
    await workspace.app.close();
  }
}

// -- printing ------------------------------------------------------------------

const row = (label, stats, target = '') => [label, `${ms(stats.median)} ms`, String(stats.runs), target];
const ratio = (label, a, b) => [label, `${(a.median / b.median).toFixed(1)}x`, '', ''];

function printFigures({ cli, raw, ...f }) {
  printTable(
    ['figure', 'median', 'runs', 'target'],
    [
      ...(cli ? [row('1a renfe framework import <file> (CLI process, wall)', cli, '< 1000 ms')] : []),
      row('1a importFramework use case (in-process)', f.useCase),
      row('     part: importOscalCatalog (read, validate, convert)', f.parse),
      row('     part: contentHash of the catalog', f.hash),
      row('     part: framework repository save (1 transaction)', f.save),
      ...(raw
        ? [
            row('1b raw: read + JSON.parse + better-sqlite3 inserts (1 tx)', raw),
            ratio('1  ratio renfe CLI / raw', cli, raw),
            ratio('1  ratio renfe in-process / raw', f.useCase, raw),
          ]
        : []),
      row(`2  setup: importAnswers use case (${thousands(f.questions)} answers)`, f.importAnswers),
      row('2  scoreAssessment (prepared catalog, warm)', f.score, FAST),
      row('2  scores use case (loads from the database)', f.scores, FAST),
      row('3  questionStates + nextUnanswered (no database)', f.next, FAST),
      row('3  answer use case (1 answer)', f.answer, FAST),
      row('3  interactive step: answer + open + questionStates + nextAsked', f.step),
    ],
  );
  printNotes(f);
}

function describeFixture(file) {
  const { requirements, questions } = rawRows(JSON.parse(readFileSync(file, 'utf8')), 'f1');
  const mb = (statSync(file).size / 1e6).toFixed(1);
  return (
    `generated OSCAL catalog of ${thousands(CONTROLS)} controls and enhancements (${mb} MB of JSON): ` +
    `1 framework, ${thousands(requirements.length)} requirement and ${thousands(questions.length)} question rows`
  );
}

function printNotes(f) {
  console.log(
    `in-process imports: after ${IMPORTS.warmups} warm-ups, each under a new framework id in one workspace; ` +
      `${thousands(f.questions)} questions, all answered, so nextUnanswered makes a full pass`,
  );
}

// -- benchmarks ----------------------------------------------------------------

async function sqliteBenchmark(renfe, cli, file) {
  section('Assessment on SQLite');
  console.log(describeFixture(file));
  const cliStats = await cliImport(cli, file);
  const raw = await rawImport(file);
  const dir = tempDir('assessment-sqlite');
  try {
    const figures = await inProcessFigures(renfe, join(dir, 'renfe.db'), file);
    printFigures({ cli: cliStats, raw, ...figures });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresBenchmark(renfe, file) {
  section('Assessment on PostgreSQL');
  const url = process.env.RENFE_BENCH_PG_URL;
  if (!url) {
    console.log('skipped: set RENFE_BENCH_PG_URL=postgres://... to measure import and scoring on PostgreSQL');
    return;
  }
  await withPgSchema(url, async (schemaUrl, schema) => {
    const figures = await inProcessFigures(renfe, schemaUrl, file);
    console.log(`schema ${schema}, in-process only`);
    printFigures(figures);
  });
}

export async function assessmentBenchmarks() {
  const dir = tempDir('assessment');
  try {
    const { cli, renfe } = await bundle(dir);
    const file = writeCatalog(dir);
    await sqliteBenchmark(renfe, cli, file);
    await postgresBenchmark(renfe, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printHeader();
  await assessmentBenchmarks();
}
