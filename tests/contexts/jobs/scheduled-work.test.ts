import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, TestClock, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

/**
 * A weekly batch report on a schedule, run by an in-process worker on the
 * SQLite queue with a clock the test moves: nothing before its slot, then one
 * report per assessment in a folder of the day.
 */
describe('a scheduled report batch on SQLite', () => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let principal: Principal;
  let out: string;

  beforeEach(async () => {
    database = await DIALECTS[0]!.fresh();
    clock = new TestClock('2026-03-02T07:59:40.000Z'); // a Monday
    ({ app } = await testApp(database, clock));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    principal = await app.auth.authenticate({ sessionSecret: init.session.token });
    out = mkdtempSync(join(tmpdir(), 'renfe-batch-'));
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('fires at its slot and writes each report into <out-dir>/<day>/', async () => {
    const a = await app.assessment.create(principal, {
      subject: 'Plant',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    });
    const made = await app.jobs.schedule(principal, {
      name: 'weekly',
      cron: '0 8 * * 1',
      timezone: 'UTC',
      job: 'report-batch',
      batch: {
        assessmentIds: [a.id],
        source: 'ids.txt',
        report: {
          template: 'executive',
          format: 'json',
          language: 'en',
          ai: false,
          includeSubject: false,
          branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
        },
        outDir: out,
      },
    });
    expect(made).toMatchObject({
      name: 'weekly',
      job: 'report-batch',
      next: '2026-03-02T08:00:00.000Z',
      created: true,
    });

    const events: string[] = [];
    const worker = await app.jobs.worker({
      worker: 'test',
      queues: ['reports'],
      concurrency: 1,
      pollMs: 20,
      maintenanceSeconds: 1,
      mail: {},
      onEvent: (e) => {
        if (e.type === 'job-completed' || e.type === 'job-failed') events.push(`${e.type} ${e.job.data.kind}`);
      },
    });
    try {
      const file = join(out, '2026-03-02', `${a.id}-executive.json`);
      await new Promise((r) => setTimeout(r, 300));
      expect(events).toEqual([]); // 07:59:40: not yet
      clock.advanceMinutes(0.5); // 08:00:10
      const deadline = Date.now() + 20_000;
      while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8')).assessment.id).toBe(a.id);
      while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events).toEqual(['job-completed report.batch', 'job-completed report.generate']);
    } finally {
      await worker.stop(1000);
    }
    const jobs = await app.jobs.list(principal, {});
    expect(jobs.map((j) => [j.kind, j.state]).sort()).toEqual([
      ['report.batch', 'completed'],
      ['report.generate', 'completed'],
    ]);
    expect(jobs.find((j) => j.kind === 'report.batch')?.queue).toMatch(/^schedule\..+\.weekly$/);
  });
});
