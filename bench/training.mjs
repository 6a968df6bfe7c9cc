// Training figures at scale: `training status` (per course: assigned,
// completed, passed, overdue, rates and average score, every figure from one
// GROUP BY over assignments resolved against memberships) for 10,000 members
// and 5 courses, on SQLite and PostgreSQL; and the overdue list. Prints
// numbers only. Run by bench/run.mjs, or alone with `node bench/training.mjs`.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, measure, ms, PASSWORD, printHeader, printTable, section, tempDir, withPgSchema } from './lib.mjs';

const USERS = Number(process.env.RENFE_BENCH_TRAINING_USERS ?? 10_000);
const thousands = (n) => n.toLocaleString('en-US');

function courseYaml(id) {
  const questions = Array.from(
    { length: 10 },
    (_, i) => `    - {id: q${i}, type: true_false, text: "Statement ${i}", answer: true, explanation: "Because."}`,
  );
  return `id: ${id}\ntitle: "Bench ${id}"\nminutes: 10\nrequirements: ["iso27001-2022:A.6.3"]\nmodules:\n  - {id: m, title: "Module", body: {en: "## Module\\n\\nText."}}\nquiz:\n  passMark: 80\n  questions:\n${questions.join('\n')}\n`;
}

async function insertChunks(db, table, rows, size = 500) {
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
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
    const orgId = principal.org.id;
    const courses = ['phishing', 'passwords-mfa', 'gdpr-personal-data', files.extra1, files.extra2];
    const imported = [];
    for (const c of courses) imported.push(await app.training.importCourse(principal, c));

    // Members straight into the tables: the figure is the report, not user creation.
    const db = app.handle.db;
    const now = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const roles = [
      'viewer',
      'viewer',
      'viewer',
      'viewer',
      'viewer',
      'viewer',
      'viewer',
      'consultant',
      'consultant',
      'admin',
    ];
    const users = Array.from({ length: USERS }, (_, i) => ({
      id: randomUUID(),
      email: `user${i}@bench.test`,
      name: `User ${i}`,
      password_hash: null,
      failed_login_count: 0,
      failed_window_start: null,
      locked_until: null,
      created_at: now,
    }));
    await insertChunks(db, 'auth_users', users);
    await insertChunks(
      db,
      'auth_memberships',
      users.map((u, i) => ({
        org_id: orgId,
        user_id: u.id,
        role: roles[i % roles.length],
        status: 'active',
        created_at: now,
      })),
    );
    // Due dates around today: two courses are past due.
    const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await app.training.assign(principal, { course: 'phishing', all: true, due: day(-30) });
    await app.training.assign(principal, { course: 'passwords-mfa', all: true, due: day(90) });
    await app.training.assign(principal, { course: 'gdpr-personal-data', role: 'consultant', due: day(60) });
    await app.training.assign(principal, { course: 'gdpr-personal-data', role: 'admin', due: day(60) });
    await app.training.assign(principal, { course: imported[3].course, role: 'viewer', due: day(-7) });
    await app.training.assign(principal, { course: imported[4].course, all: true, due: day(120) });

    // About two thirds of people took each course once; a tenth of those twice.
    let seed = 7;
    const next = (n) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    const attempts = [];
    for (const c of imported) {
      for (const u of users) {
        if (next(3) === 0) continue;
        for (let k = 0; k < (next(10) === 0 ? 2 : 1); k++) {
          const score = 40 + next(61);
          attempts.push({
            id: randomUUID(),
            org_id: orgId,
            user_id: u.id,
            course_id: c.id,
            course_key: c.course,
            version: 1,
            status: score >= 80 ? 'passed' : 'failed',
            questions: '[]',
            answers: '{}',
            language: 'en',
            score,
            passed: score >= 80 ? 1 : 0,
            source: 'record',
            started_at: now,
            completed_at: now,
            recorded_by: 'bench',
            annulled_at: null,
            annulled_by: null,
          });
        }
      }
    }
    await insertChunks(db, 'training_attempts', attempts);
    const status = await measure(() => app.training.status(principal), { runs: 7, warmups: 2 });
    const overdue = await measure(() => app.training.overdue(principal), { runs: 3, warmups: 1 });
    const check = await app.training.status(principal);
    const assigned = check.reduce((n, s) => n + s.assigned, 0);
    const late = (await app.training.overdue(principal)).length;
    return [
      [
        `${label}: training status (${thousands(assigned)} assignments, ${thousands(attempts.length)} attempts)`,
        ms(status.median),
        label === 'SQLite' ? '< 500 ms' : '',
      ],
      [`${label}: training overdue (${thousands(late)} rows)`, ms(overdue.median), ''],
    ];
  } finally {
    await app.close();
  }
}

export async function trainingBenchmarks() {
  section(`Training: ${thousands(USERS)} members, 5 courses, training status and overdue`);
  const dir = tempDir('training');
  try {
    const { renfe } = await bundle(dir);
    const files = {
      plans: join(dir, 'plans.yaml'),
      extra1: join(dir, 'bench-induction.yaml'),
      extra2: join(dir, 'bench-clean-desk.yaml'),
    };
    writeFileSync(files.plans, 'plans:\n  - {id: free, name: Free, limits: {}}\n');
    writeFileSync(files.extra1, courseYaml('bench-induction'));
    writeFileSync(files.extra2, courseYaml('bench-clean-desk'));
    const rows = await run(renfe, join(dir, 'training.db'), 'SQLite', files);
    const pg = process.env.RENFE_BENCH_PG_URL;
    if (pg)
      await withPgSchema(pg, async (schemaUrl) => rows.push(...(await run(renfe, schemaUrl, 'PostgreSQL', files))));
    else rows.push(['PostgreSQL', 'skipped: set RENFE_BENCH_PG_URL', '']);
    printTable(['figure', 'median ms', 'target'], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printHeader();
  await trainingBenchmarks();
}
