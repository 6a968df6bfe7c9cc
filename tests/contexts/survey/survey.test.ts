import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, TestClock, testApp } from '../../support/app.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

async function failure(promise: Promise<unknown>): Promise<{ code?: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

describe.each(DIALECTS)('surveys on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;

  beforeEach(async () => {
    db = await dialect.fresh();
    ({ app, clock } = await testApp(db, new TestClock('2027-03-10T09:15:42.123Z')));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  async function published(file = fixture('all-types.yaml')) {
    const created = await app.survey.create(owner, file);
    await app.survey.publish(owner, created.survey);
    return created.survey;
  }
  async function token(survey: string) {
    const issued = await app.survey.invite(owner, survey, { count: 1 });
    return issued.invitations[0]!.token;
  }
  const raw = async (table: 'survey_responses' | 'survey_invitations' | 'survey_counts' | 'survey_group_counts') =>
    app.handle.db.selectFrom(table).selectAll().execute();

  it('creates from the shipped surveys, versions a published one, and refuses a bad file with its line and path', async () => {
    const first = await app.survey.create(owner, 'security-culture');
    expect(first).toMatchObject({
      survey: 'security-culture',
      version: 1,
      status: 'draft',
      outcome: 'created',
      questions: 25,
    });
    expect((await app.survey.create(owner, 'security-culture')).outcome).toBe('unchanged');
    await app.survey.publish(owner, 'security-culture');
    // Editing a published survey makes the next version; the published one never changes.
    const shipped = fileURLToPath(new URL('../../../surveys/security-culture.yaml', import.meta.url));
    const { readFileSync } = await import('node:fs');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const edited = join(mkdtempSync(join(tmpdir(), 'renfe-survey-')), 'security-culture.yaml');
    writeFileSync(edited, readFileSync(shipped, 'utf8').replace('About 10 minutes.', 'About 12 minutes.'));
    const second = await app.survey.create(owner, edited);
    expect(second).toMatchObject({ version: 2, status: 'draft', outcome: 'created' });
    expect((await app.survey.show(owner, 'security-culture@1')).status).toBe('published');
    await app.survey.publish(owner, 'security-culture');
    expect((await app.survey.show(owner, 'security-culture@1')).status).toBe('closed');
    expect((await failure(app.survey.publish(owner, 'security-culture@1'))).code).toBe('SURVEY.BAD_STATUS');

    const bad = await failure(app.survey.create(owner, fixture('bad-type.yaml')));
    expect(bad.code).toBe('SURVEY.INVALID');
    expect(bad.message).toMatch(/bad-type\.yaml:11 \(sections\[0\]\.questions\[1\]\.type\): one of likert, nps/);
    expect((await failure(app.survey.show(owner, 'nope'))).code).toBe('SURVEY.NOT_FOUND');
  });

  it('takes every question type, shows a follow-up only under its condition, and resumes with the same token', async () => {
    const survey = await published();
    const t = await token(survey);
    const opened = await app.survey.open(t, 'es');
    expect(opened.language).toBe('es');
    await app.survey.answer(t, 'lk', 4);
    await app.survey.answer(t, 'np', 9);
    expect((await failure(app.survey.answer(t, 'fu', 'x'))).message).toMatch(
      /not asked: it depends on the answer to yn/,
    );
    expect((await failure(app.survey.answer(t, 'lk', 6))).message).toMatch(/expected a whole number from 1 to 5/);
    expect((await failure(app.survey.answer(t, 'np', 11))).code).toBe('SURVEY.BAD_ANSWER');
    expect((await failure(app.survey.answer(t, 'sc', 'moon'))).message).toMatch(/one of office, remote, field/);
    // Resume: a second open finds what was answered.
    const resumed = await app.survey.open(t);
    expect([...resumed.answers]).toEqual([
      ['lk', 4],
      ['np', 9],
    ]);
    await app.survey.answer(t, 'l7', 7);
    await app.survey.answer(t, 'rt', 4);
    await app.survey.answer(t, 'sc', 'remote');
    await app.survey.answer(t, 'mc', ['mail', 'other:Printer']);
    await app.survey.answer(t, 'yn', 'yes');
    expect((await failure(app.survey.submit(t))).message).toMatch(/fu: required and not answered yet/);
    await app.survey.answer(t, 'fu', 'A phishing mail');
    await app.survey.answer(t, 'tx', 'More training please');
    expect(await app.survey.submit(t)).toEqual({ survey: 'all-types@1', answered: 9 });
    // A used token opens nothing, and says the same as an unknown one.
    expect((await failure(app.survey.open(t))).code).toBe('SURVEY.BAD_TOKEN');
    expect((await failure(app.survey.open('rnf_svy_forged'))).message).toBe(
      (await failure(app.survey.open(t))).message,
    );
    const results = await app.survey.results(owner, survey);
    expect(results.questions.find((q) => q.id === 'mc')?.texts).toEqual(['Printer']);
    expect(results.questions.find((q) => q.id === 'tx')?.texts).toEqual(['More training please']);
  });

  it('respond with a file is all or nothing', async () => {
    const survey = await published();
    const t = await token(survey);
    const bad = { lk: 3, np: 5, sc: 'office', yn: 'no', fu: 'not asked' };
    expect((await failure(app.survey.respond(t, bad))).message).toMatch(/fu: not asked/);
    expect((await raw('survey_responses')).filter((r) => r.answers !== null)).toHaveLength(0);
    expect(await raw('survey_counts')).toHaveLength(0);
    expect((await failure(app.survey.respond(t, { lk: 3, np: 5, sc: 'office' }))).message).toMatch(/yn: required/);
    expect((await app.survey.respond(t, { lk: 3, np: 5, sc: 'office', yn: 'no', tx: 'ok' })).answered).toBe(5);
  });

  it('keeps an anonymous response unlinkable: raw tables hold no user, email, token hash or time finer than the day', async () => {
    await app.auth.addUser(owner, { email: 'luis@acme.test', role: 'consultant' });
    const survey = await published();
    const issued = await app.survey.invite(owner, survey, { emails: ['luis@acme.test', 'eva@acme.test'] });
    expect(issued.invitations.map((i) => i.email)).toEqual(['luis@acme.test', 'eva@acme.test']);
    const t = issued.invitations[0]!.token;
    await app.survey.respond(t, { lk: 5, np: 10, sc: 'field', yn: 'no' });

    const invitations = await raw('survey_invitations');
    expect(invitations).toHaveLength(2);
    for (const row of invitations) {
      expect(row.email).toBeNull();
      expect(row.opened_at).toBeNull();
      expect(row.used_at).toBeNull();
    }
    expect(invitations.map((r) => Number(r.used)).sort()).toEqual([0, 1]);
    const [response] = await raw('survey_responses');
    expect(response).toMatchObject({
      status: 'submitted',
      resume_key: null,
      invitation_id: null,
      respondent_email: null,
      submitted_at: null,
    });
    expect(response!.submitted_day).toBe('2027-03-10');
    const counts = [await raw('survey_counts'), await raw('survey_group_counts')];
    expect(counts[1]!.length).toBeGreaterThan(0);
    const everything = JSON.stringify([await raw('survey_responses'), ...counts, invitations]);
    expect(everything).not.toContain('luis@acme.test');
    expect(everything).not.toContain(t);
    // The invitation keeps when it was issued and expires (not when it was used); the response keeps the day.
    expect(JSON.stringify([await raw('survey_responses'), ...counts])).not.toMatch(/09:15|T\d\d:/);
    const audit = await app.audit.list(owner, { limit: 100 });
    expect(audit.some((e) => e.action === 'survey.response.submitted')).toBe(false);
    expect(JSON.stringify(audit)).not.toContain(t);
  });

  it("an anonymous survey's imported responses carry random ids, not ids that hold the import's time", async () => {
    const survey = await published();
    await app.survey.import(owner, survey, { path: fixture('google-forms.csv') });
    const ids = (await raw('survey_responses')).map((r) => String(r.id));
    expect(ids).toHaveLength(3);
    // UUID version 4 (random); a version 7 id starts with its creation time in milliseconds.
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
  });

  it('a named survey records who answered', async () => {
    const survey = await published(fixture('named.yaml'));
    const issued = await app.survey.invite(owner, survey, { emails: ['luis@acme.test'] });
    await app.survey.respond(issued.invitations[0]!.token, { lk: 2, np: 6, sc: 'office', yn: 'no' });
    const [response] = await raw('survey_responses');
    expect(response).toMatchObject({ respondent_email: 'luis@acme.test', submitted_at: '2027-03-10T09:15:42.123Z' });
    const summary = await app.survey.invitations(owner, survey);
    expect(summary).toMatchObject({
      invited: 1,
      opened: 1,
      completed: 1,
      people: [{ email: 'luis@acme.test', completed: true }],
    });
    expect((await app.audit.list(owner, { limit: 50 })).some((e) => e.action === 'survey.response.submitted')).toBe(
      true,
    );
  });

  it('works out means, medians, deviation, top-2-box and NPS as by hand, and withholds small groups', async () => {
    const survey = await published();
    // Likert 5,4,4,3,1: mean 3.4, median 4, sd √(9.2/4) = 1.52, top-2-box 3/5 = 60 %.
    // NPS 10,9,8,7,6,3,10 (7 answers): 3 promoters, 2 passives, 2 detractors: (3 − 2) / 7 = 14.3.
    const rows = [
      { lk: 5, np: 10, sc: 'office' },
      { lk: 4, np: 9, sc: 'office' },
      { lk: 4, np: 8, sc: 'office' },
      { lk: 3, np: 7, sc: 'remote' },
      { lk: 1, np: 6, sc: 'office' },
      { np: 3, sc: 'office' },
      { np: 10, sc: 'field' },
    ];
    for (const r of rows)
      await app.survey.respond(await token(survey), { yn: 'no', ...(r.lk ? {} : {}), ...r, lk: r.lk ?? 3 });
    // The sixth and seventh rows answered lk 3 (required): the likert set is 5,4,4,3,1,3,3.
    const results = await app.survey.results(owner, survey, { by: 'sc' });
    const lk = results.questions.find((q) => q.id === 'lk')!;
    expect(lk).toMatchObject({ respondents: 7, mean: 3.29, median: 3, sd: 1.25, topTwoBox: 42.9 });
    const np = results.questions.find((q) => q.id === 'np')!;
    expect(np.nps).toEqual({ n: 7, promoters: 3, passives: 2, detractors: 2, score: 14.3 });
    expect(np).toMatchObject({ mean: 7.57, median: 8 });
    expect(results).toMatchObject({ invited: 7, started: 7, completed: 7, responseRate: 100 });
    const office = results.breakdown!.groups.find((g) => g.group === 'office')!;
    expect(office).toMatchObject({ withheld: false, respondents: 5 });
    // Office answered lk 5,4,4,1,3: mean 3.4; NPS 10,9,8,6,3: (2 − 2) / 5 = 0.
    expect(office.questions.find((q) => q.id === 'lk')).toMatchObject({ mean: 3.4, topTwoBox: 60 });
    expect(office.questions.find((q) => q.id === 'np')?.nps).toMatchObject({ promoters: 2, detractors: 2, score: 0 });
    // Threshold 2: remote and field have one respondent each.
    expect(
      results
        .breakdown!.groups.filter((g) => g.withheld)
        .map((g) => g.group)
        .sort(),
    ).toEqual(['field', 'remote']);
    expect(results.breakdown!.groups.find((g) => g.group === 'field')).toEqual({
      group: 'field',
      label: 'In the field, mostly',
      withheld: true,
      respondents: null,
      questions: [],
    });
    expect((await failure(app.survey.results(owner, survey, { by: 'mc' }))).code).toBe('SURVEY.BAD_GROUP');
  });

  it('imports a Google Forms export by header text, and a bad header or row imports nothing', async () => {
    const survey = await published();
    const done = await app.survey.import(owner, survey, { path: fixture('google-forms.csv') });
    expect(done.imported).toBe(3);
    expect(done.columns.map((c) => c.how)).toEqual([
      'metadata',
      'exact',
      'exact',
      'exact',
      'exact',
      'exact',
      'exact',
      'metadata',
    ]);
    const results = await app.survey.results(owner, survey);
    expect(results.questions.find((q) => q.id === 'mc')!.counts.map((c) => [c.id, c.count])).toEqual([
      ['mail', 2],
      ['chat', 1],
      ['vpn', 1],
      ['other', 1],
    ]);
    expect(results.questions.find((q) => q.id === 'sc')!.counts.find((c) => c.id === 'field')!.count).toBe(1);
    const before = (await raw('survey_responses')).length;

    const dir = join(FIXTURES, '..', `.tmp-${dialect.name}`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const badHeader = join(dir, 'bad-header.csv');
    writeFileSync(badHeader, 'Timestamp,How is the weather?,Recommend us?\n2027-03-01,Fine,9\n');
    expect((await failure(app.survey.import(owner, survey, { path: badHeader }))).message).toMatch(
      /no question matches the column "How is the weather\?"; map it with --map/,
    );
    const map = join(dir, 'map.yaml');
    writeFileSync(map, '"How is the weather?": null\n');
    expect((await failure(app.survey.import(owner, survey, { path: badHeader, mapPath: map }))).message).toMatch(
      /row 2: required questions? left empty: lk/,
    );
    const badRow = join(dir, 'bad-row.csv');
    writeFileSync(
      badRow,
      'Timestamp,Security matters here.,Recommend us?,Where do you work?,Did you report anything?\n2027-03-01,4,9,Office,no\n2027-03-01,4,eleven,Office,no\n',
    );
    const rowError = await failure(app.survey.import(owner, survey, { path: badRow }));
    expect(rowError.message).toMatch(
      /bad-row\.csv, row 3, column "Recommend us\?": "eleven" is not a whole number from 0 to 10/,
    );
    expect((await raw('survey_responses')).length).toBe(before);
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to delete a survey with responses, and checks roles', async () => {
    const survey = await published();
    await app.survey.respond(await token(survey), { lk: 3, np: 5, sc: 'office', yn: 'no' });
    expect((await failure(app.survey.delete(owner, survey))).code).toBe('SURVEY.HAS_RESPONSES');
    await app.auth.addUser(owner, { email: 'vic@acme.test', role: 'viewer', password: PASSWORD });
    const { session } = await app.auth.login({ email: 'vic@acme.test', password: PASSWORD });
    const viewer = await app.auth.authenticate({ sessionSecret: session.token });
    expect((await app.survey.results(viewer, survey)).completed).toBe(1);
    expect((await failure(app.survey.invite(viewer, survey, { count: 1 }))).code).toBe('AUTH.FORBIDDEN');
    expect((await failure(app.survey.create(viewer, fixture('all-types.yaml')))).code).toBe('AUTH.FORBIDDEN');
    const other = await app.auth.createOrganization(owner, { name: 'Other' });
    const inOther = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: other.slug,
    });
    expect((await failure(app.survey.results(inOther, survey))).code).toBe('SURVEY.NOT_FOUND');
    clock.advanceMinutes(1);
  });

  it('shows as evidence for the requirements it names, with completion and headline figures', async () => {
    await app.survey.create(owner, 'security-culture');
    await app.survey.publish(owner, 'security-culture');
    const issued = await app.survey.invite(owner, 'security-culture', { count: 2 });
    const answers = {
      a1: 5,
      a2: 4,
      a3: 4,
      a4: 2,
      a5: 4,
      a6: 5,
      b1: 'always',
      b2: 'yes',
      b3: 'yes',
      b5: 4,
      b6: 4,
      b7: 5,
      r1: 'no',
      r3: 4,
      l1: 4,
      l2: 3,
      l3: 4,
      l4: 4,
      l5: 10,
      d1: 'office',
    };
    await app.survey.respond(issued.invitations[0]!.token, answers);
    const evidence = await app.survey.evidence(owner, ['iso27001-2022:A.6.3']);
    // 13 Likert questions answered once: 11 in the top two points (a4 = 2, l2 = 3 are not): mean top-2-box 84.6.
    expect(evidence).toEqual([
      {
        requirement: 'iso27001-2022:A.6.3',
        survey: 'security-culture@1',
        status: 'published',
        invited: 2,
        completed: 1,
        responseRate: 50,
        agreement: 84.6,
        nps: 100,
        lastPublishedAt: '2027-03-10T09:15:42.123Z',
      },
    ]);
    expect(await app.survey.evidence(owner, ['gdpr:Art.32'])).toEqual([]);
  });
});
