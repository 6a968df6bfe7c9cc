import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const FIXTURES = 'tests/contexts/assessment/fixtures/upgrade';

describe.each(DIALECTS)('assessment upgrade on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    for (const f of ['acme-v1.yaml', 'acme-v2.yaml', 'acme-2026-to-2027.yaml']) {
      await app.assessment.importFramework(owner, { path: `${FIXTURES}/${f}` });
    }
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  it('carries unchanged and equal-mapped answers, lists what needs an answer, and keeps the old version', async () => {
    const { id } = await app.assessment.create(owner, { subject: 'HQ', frameworks: ['acme-controls@2026'] });
    for (const [q, v] of [
      ['AC-1.Q1', 'yes'],
      ['AC-2.Q1', '4'],
      ['AC-3.Q1', 'partial'],
      ['AC-4.Q1', 'no'],
    ]) {
      await app.assessment.answer(owner, {
        assessmentId: id,
        question: q as string,
        value: v,
        note: q === 'AC-1.Q1' ? 'v3' : undefined,
      });
    }
    const result = await app.assessment.upgrade(owner, id, undefined, '2027');
    expect(result.carried).toEqual([
      { question: 'AC-1.Q1', via: 'unchanged' },
      { question: 'AC-5.Q1', via: 'mapped', from: 'AC-3.Q1' },
    ]);
    // AC-2.Q1 changed type (maturity to yes/no); AC-4 maps only as a subset.
    expect(result.dropped.sort()).toEqual(['AC-2.Q1', 'AC-4.Q1']);
    expect(result.needsAnswer.sort()).toEqual(['AC-2.Q1', 'AC-6.Q1']);

    const show = await app.assessment.show(owner, id);
    expect(show.frameworks).toEqual([{ id: 'acme-controls', version: '2027' }]);
    const rows = await app.assessment.questions(owner, id);
    expect(rows.map((r) => [r.question, r.value, r.note])).toEqual([
      ['AC-1.Q1', 'yes', 'v3'],
      ['AC-2.Q1', null, null],
      ['AC-5.Q1', 'partial', null],
      ['AC-6.Q1', null, null],
    ]);
    const older = await app.assessment.create(owner, { subject: 'Branch', frameworks: ['acme-controls@2026'] });
    expect(older.frameworks).toEqual([{ id: 'acme-controls', version: '2026' }]);
    const audit = await app.audit.list(owner, { action: 'assessment.upgraded' });
    expect(audit[0]?.details).toMatchObject({ from: '2026', to: '2027', carried: 2, needsAnswer: 2, dropped: 2 });
  });

  it('refuses unknown versions and final assessments', async () => {
    const { id } = await app.assessment.create(owner, { subject: 'HQ', frameworks: ['acme-controls@2026'] });
    await expect(app.assessment.upgrade(owner, id, undefined, '2099')).rejects.toMatchObject({
      code: 'FRAMEWORK.NOT_FOUND',
    });
    await expect(app.assessment.upgrade(owner, id, undefined, '2026')).rejects.toMatchObject({
      code: 'UPGRADE.SAME_VERSION',
    });
    await app.assessment.changeStatus(owner, id, 'review');
    await app.assessment.changeStatus(owner, id, 'finalize');
    await expect(app.assessment.upgrade(owner, id, undefined, '2027')).rejects.toMatchObject({
      code: 'ASSESSMENT.FINALIZED',
    });
  });
});
