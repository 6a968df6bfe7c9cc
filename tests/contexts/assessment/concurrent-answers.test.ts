import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

/**
 * Two people answer the same question at the same moment: the last write is
 * the stored answer, and the audit trail keeps both, with what each one said.
 */
describe.each(DIALECTS)('concurrent answers to one question on $name', (dialect) => {
  let database: TestDatabase;
  let one: App;
  let two: App;
  let owner: Principal;

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app: one } = await testApp(database));
    // Two connections on PostgreSQL; SQLite's one writer at a time is shared by one connection here
    // (two in-process connections would wait on each other's lock in the same thread).
    two = dialect.name === 'postgres' ? (await testApp(database, undefined, 'current')).app : one;
    const init = await one.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await one.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    if (two !== one) await two.close();
    await one.close();
    await database.drop();
  });

  it('last write wins and both answers are in the audit trail', async () => {
    const { id } = await one.assessment.create(owner, {
      subject: 'Plant',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    });
    const question = 'RC.RP-01.Q1';
    await Promise.all([
      one.assessment.answer(owner, { assessmentId: id, question, value: 'yes', note: 'first' }),
      two.assessment.answer(owner, { assessmentId: id, question, value: 'no', note: 'second' }),
    ]);
    const entries = (await one.audit.list(owner, { action: 'assessment.answered' })).filter((e) =>
      String(e.details.question).endsWith(question),
    );
    expect(entries.map((e) => e.details.value).sort()).toEqual(['no', 'yes']);
    const stored = (await one.assessment.questions(owner, id, 'en')).find((q) => q.question === question);
    // The stored answer is the one the newer audit entry records.
    const newest = entries[0]?.details;
    expect(stored).toMatchObject({ value: newest?.value, note: newest?.note });
    expect((await one.audit.verify(owner)).ok).toBe(true);
  });
});
