// The main job on the embedded default: a workspace on the default SQLite file
// with a demo organisation and team, then a tour of what renfe shows. Safe to
// run again: it reuses what is already there.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RENFE = new URL('../bin/renfe.js', import.meta.url).pathname;

function renfe(args, { input, allow = [] } = {}) {
  const r = spawnSync(process.execPath, [RENFE, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0 && !allow.includes(r.status)) {
    process.stderr.write(r.stderr);
    process.stderr.write(`quickstart: \`renfe ${args.join(' ')}\` failed with exit ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
  return r;
}

function show(title, args) {
  process.stdout.write(`\n== ${title}: renfe ${args.join(' ')}\n`);
  process.stdout.write(renfe(args).stdout);
}

const status = JSON.parse(renfe(['db', 'status', '--json']).stdout);
process.stdout.write(`renfe quickstart on ${status.database} (${status.dialect})\n`);
if (status.applied.length === 0) {
  const password = randomBytes(12).toString('base64url');
  renfe(
    ['init', '--org', 'Demo Consulting', '--email', 'demo@renfe.example', '--name', 'Demo Owner', '--password-stdin'],
    {
      input: `${password}\n`,
    },
  );
  process.stderr.write(`Created the demo owner demo@renfe.example with password ${password} (shown once).\n`);
} else if (renfe(['whoami'], { allow: [6] }).status === 6) {
  process.stderr.write(
    'This database already has a workspace: log in with `renfe login`, then run the quickstart again.\n',
  );
  process.exit(6);
}

// Conflicts (exit 5) mean the demo team is already there.
renfe(['user', 'add', '--email', 'lucia@renfe.example', '--role', 'consultant', '--name', 'Lucía Gómez'], {
  allow: [5],
});
renfe(['user', 'add', '--email', 'marek@renfe.example', '--role', 'viewer', '--name', 'Marek Wiśniewski'], {
  allow: [5],
});

// A demo assessment with sample answers: a deterministic spread of results.
const assessments = JSON.parse(renfe(['assessment', 'list', '--json']).stdout);
let demo = assessments.find((a) => a.subject === 'Demo Clinic');
if (!demo) {
  const id = renfe([
    'assessment',
    'create',
    '--subject',
    'Demo Clinic',
    '--framework',
    'iso27001-2022',
    '--scope',
    'Clinical systems and head office',
  ]).stdout.trim();
  const exported = () => JSON.parse(renfe(['assessment', 'export-answers', id, '--format', 'json']).stdout).answers;
  const rows = exported();
  const YES_NO = ['yes', 'yes', 'partial', 'no', 'yes', 'partial'];
  const sample = new Map(
    rows.map((r, i) => [
      `${r.framework}:${r.question}`,
      {
        value:
          r.type === 'yes_no'
            ? YES_NO[i % YES_NO.length]
            : r.type === 'maturity'
              ? (i % 5) + 1
              : r.type === 'number'
                ? 50
                : '',
        note: i % 7 === 0 ? 'Checked with the IT manager on site' : null,
      },
    ]),
  );
  const dir = mkdtempSync(join(tmpdir(), 'renfe-quickstart-'));
  // Only questions that are asked get an answer: follow-ups come into play
  // with the answers they follow up, so answer in passes until none is left.
  for (let open = rows; ;) {
    const answers = open
      .filter((r) => r.asked && r.value === null)
      .map((r) => ({ question: `${r.framework}:${r.question}`, ...sample.get(`${r.framework}:${r.question}`) }))
      .filter((a) => a.value !== '');
    if (answers.length === 0) break;
    writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
    renfe(['assessment', 'import-answers', id, join(dir, 'answers.json')]);
    open = exported();
  }
  rmSync(dir, { recursive: true, force: true });
  demo = { id };
}

show('Who you are', ['whoami']);
show('Your organisations', ['org', 'list']);
show('The team', ['user', 'list']);
show('Assessments', ['assessment', 'list']);
show('Scores of the demo assessment', ['assessment', 'score', demo.id]);
show('Findings', ['finding', 'list', '--assessment', demo.id]);
show('Latest audit entries', ['audit', 'list', '--limit', '8']);
show('Audit chain', ['audit', 'verify']);

// The product's output: the client-ready report, and how to check it later.
const pdf = join(process.cwd(), 'renfe-demo-report.pdf');
renfe(['report', 'generate', demo.id, '--template', 'full', '--out', pdf]);
process.stdout.write(`\n== The report: renfe report generate ${demo.id} --template full --out ${pdf}\n`);
show('Its integrity', ['report', 'verify', pdf]);
process.stdout.write(`\nOpen ${pdf} to see the report.\n`);
process.stdout.write('\nNext: `renfe --help`, or `renfe <command> --help` for examples.\n');
