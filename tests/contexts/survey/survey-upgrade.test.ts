import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import * as packedAnswers from '../../../src/contexts/survey/adapters/persistence/migrations/0022-survey-packed-answers.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, TestClock, testApp } from '../../support/app.js';

const fixture = (name: string) => join(fileURLToPath(new URL('./fixtures/', import.meta.url)), name);

/**
 * Answers stored one row per answer (the layout before 0022) become the
 * response's own row, and the counts per group are worked out from them: the
 * results, breakdowns, export and an unfinished response read the same before
 * and after. The old layout is made by running the migration down, which
 * writes the rows the old code wrote (one per option, `final` once submitted).
 */
describe.each(DIALECTS)('survey answers across the 0022 upgrade on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let owner: Principal;

  beforeEach(async () => {
    db = await dialect.fresh();
    ({ app } = await testApp(db, new TestClock('2027-03-10T09:15:42.123Z')));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  it('keeps every answer, figure and breakdown, and an unfinished response resumes where it was', async () => {
    const created = await app.survey.create(owner, fixture('all-types.yaml'));
    await app.survey.publish(owner, created.survey);
    const survey = created.survey;
    await app.survey.import(owner, survey, { path: fixture('google-forms.csv') });
    const tokens = (await app.survey.invite(owner, survey, { count: 6 })).invitations.map((i) => i.token);
    const given = [
      { lk: 5, np: 10, sc: 'office', yn: 'yes', fu: 'A phishing mail', mc: ['mail', 'other:Printer'] },
      { lk: 4, np: 9, sc: 'office', yn: 'no', rt: 3, mc: ['chat', 'vpn'] },
      { lk: 2, np: 3, sc: 'remote', yn: 'no', l7: 6, tx: 'More training please' },
      { lk: 4, np: 7, sc: 'office', yn: 'no' },
      { lk: 1, np: 0, sc: 'field', yn: 'yes', fu: 'A lost badge' },
    ];
    for (const [k, answers] of given.entries()) await app.survey.respond(tokens[k]!, answers);
    // The sixth starts and stops after two answers.
    await app.survey.open(tokens[5]!);
    await app.survey.answer(tokens[5]!, 'lk', 3);
    await app.survey.answer(tokens[5]!, 'sc', 'remote');

    const read = async () => {
      const exported: unknown[] = [];
      for await (const item of await app.survey.export(owner, survey)) exported.push(item);
      return {
        results: await app.survey.results(owner, survey),
        bySc: await app.survey.results(owner, survey, { by: 'sc' }),
        byLk: await app.survey.results(owner, survey, { by: 'lk' }),
        exported,
      };
    };
    const before = await read();
    expect(before.results.completed).toBe(8);
    expect(before.bySc.breakdown!.groups.find((g) => g.group === 'office')).toMatchObject({ respondents: 4 });

    const handle = app.handle.db as any;
    await packedAnswers.down(handle);
    const rows = await handle.selectFrom('survey_answers').selectAll().execute();
    expect(rows.filter((r: { final: number }) => Number(r.final) === 0)).toHaveLength(2);
    expect(rows.some((r: { item: string; text: string }) => r.item === 'other' && r.text === 'Printer')).toBe(true);
    await packedAnswers.up(handle);

    const after = await read();
    expect(after).toEqual(before);
    const groupRows = await sql<{ n: number }>`select count(*) as n from survey_group_counts`.execute(handle);
    expect(Number(groupRows.rows[0]!.n)).toBeGreaterThan(0);
    // The unfinished response goes on from its two answers.
    await app.survey.answer(tokens[5]!, 'np', 8);
    await app.survey.answer(tokens[5]!, 'yn', 'no');
    await app.survey.submit(tokens[5]!);
    const finished = await app.survey.results(owner, survey, { by: 'sc' });
    expect(finished.completed).toBe(9);
    expect(finished.breakdown!.groups.find((g) => g.group === 'remote')).toMatchObject({ respondents: 3 });
  });
});
