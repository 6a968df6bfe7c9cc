// The main job on the embedded default: a workspace on the default SQLite file
// with a demo organisation and team, then a tour of what renfe shows. Safe to
// run again: it reuses what is already there.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

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
  renfe(['init', '--org', 'Demo Consulting', '--email', 'demo@renfe.example', '--name', 'Demo Owner', '--password-stdin'], {
    input: `${password}\n`,
  });
  process.stderr.write(`Created the demo owner demo@renfe.example with password ${password} (shown once).\n`);
} else if (renfe(['whoami'], { allow: [6] }).status === 6) {
  process.stderr.write('This database already has a workspace: log in with `renfe login`, then run the quickstart again.\n');
  process.exit(6);
}

// Conflicts (exit 5) mean the demo team is already there.
renfe(['user', 'add', '--email', 'lucia@renfe.example', '--role', 'consultant', '--name', 'Lucía Gómez'], { allow: [5] });
renfe(['user', 'add', '--email', 'marek@renfe.example', '--role', 'viewer', '--name', 'Marek Wiśniewski'], { allow: [5] });

show('Who you are', ['whoami']);
show('Your organisations', ['org', 'list']);
show('The team', ['user', 'list']);
show('Latest audit entries', ['audit', 'list', '--limit', '8']);
show('Audit chain', ['audit', 'verify']);
process.stdout.write('\nNext: `renfe --help`, or `renfe <command> --help` for examples.\n');
