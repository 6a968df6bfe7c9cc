import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, TestClock, signIn, testApp } from '../../support/app.js';

async function failure(promise: Promise<unknown>): Promise<{ code?: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

const PEOPLE = ['pedro', 'luis', 'sara', 'marta', 'juan'] as const;

describe.each(DIALECTS)('answers suggested from training on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let owner: Principal;

  beforeEach(async () => {
    db = await dialect.fresh();
    ({ app } = await testApp(db, new TestClock('2027-03-10T09:15:00.000Z')));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    for (const [i, name] of PEOPLE.entries()) {
      await app.auth.addUser(owner, {
        email: `${name}@acme.test`,
        role: i === 0 ? 'viewer' : 'consultant',
        password: PASSWORD,
        name,
      });
      await signIn(app, `${name}@acme.test`);
    }
    // phishing links iso27001-2022:A.6.3, ens-2022:mp.per.3, nist-csf-2.0:PR.AT-01 and nis2:21.2.g.
    await app.training.importCourse(owner, 'phishing');
    await app.training.assign(owner, { course: 'phishing', all: true, due: '2027-04-30' });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  const complete = async (names: readonly string[], day = '2027-02-20') => {
    for (const name of names)
      await app.training.record(owner, {
        user: `${name}@acme.test`,
        course: 'phishing',
        score: '90',
        completedAt: day,
      });
  };
  const answers = async (id: string) =>
    Object.fromEntries(
      (await app.assessment.questions(owner, id))
        .filter((q) => q.value !== null)
        .map((q) => [`${q.framework}:${q.question}`, { value: q.value, note: q.note }]),
    );
  const suggested = (s: { suggestions: readonly { question: string; suggested: unknown; action: string }[] }) =>
    Object.fromEntries(s.suggestions.map((x) => [x.question, [x.suggested, x.action]]));

  it('lists suggestions on the completion bands and stores nothing until applied', async () => {
    await complete(['ana', 'pedro', 'luis', 'sara', 'marta']); // 5 of 6: 83.3 %
    const { id } = await app.assessment.create(owner, {
      subject: 'HQ',
      frameworks: ['iso27001-2022', 'nist-csf-2.0', 'nis2'],
    });
    const found = await app.assessment.suggestFromTraining(owner, { assessmentId: id });
    expect(suggested(found)).toEqual({
      'iso27001-2022:A.6.3.Q1': ['partial', 'record'],
      'iso27001-2022:A.6.3.Q2': [83, 'record'],
      'nist-csf-2.0:PR.AT-01.Q1': [2, 'record'],
      'nist-csf-2.0:PR.AT-01.Q2': [83, 'record'],
      'nis2:21.2.g.Q2': ['partial', 'record'],
      'nis2:21.2.g.Q4': [2, 'record'],
    });
    const q1 = found.suggestions.find((s) => s.question === 'iso27001-2022:A.6.3.Q1')!;
    expect(q1.why).toBe(
      '83.3 % of 6 assignments completed, 83.3 % passed (phishing@1); latest completion 2027-02-20; as of 2027-03-10',
    );
    expect(q1.evidence).toMatchObject({ requirement: 'iso27001-2022:A.6.3', assigned: 6, completed: 5 });
    expect(found.skipped).toEqual([
      { question: 'nist-csf-2.0:PR.AT-02.Q1', reason: 'no course is linked to nist-csf-2.0:PR.AT-02' },
    ]);
    expect(await answers(id)).toEqual({});
    expect((await app.assessment.show(owner, id)).status).toBe('draft');
    expect(await app.audit.list(owner, { action: 'assessment.answered' })).toEqual([]);
  });

  it('applies through the answer use case with a note and an audit entry; keeps other answers unless told', async () => {
    await complete(['ana', 'pedro', 'luis', 'sara', 'marta', 'juan']); // 6 of 6
    const { id } = await app.assessment.create(owner, { subject: 'HQ', frameworks: ['iso27001-2022', 'nis2'] });
    await app.assessment.answer(owner, { assessmentId: id, question: 'nis2:21.2.g.Q4', value: '4', note: 'metrics' });
    await app.assessment.answer(owner, { assessmentId: id, question: 'iso27001-2022:A.6.3.Q1', value: 'yes' });

    const listed = await app.assessment.suggestFromTraining(owner, { assessmentId: id });
    expect(suggested(listed)).toEqual({
      'iso27001-2022:A.6.3.Q1': ['yes', 'same'],
      'iso27001-2022:A.6.3.Q2': [100, 'record'],
      'nis2:21.2.g.Q2': ['yes', 'record'],
      'nis2:21.2.g.Q4': [3, 'keep'],
    });

    const done = await app.assessment.applyTrainingSuggestions(owner, { assessmentId: id });
    expect(done.applied).toEqual(['iso27001-2022:A.6.3.Q2', 'nis2:21.2.g.Q2']);
    const stored = await answers(id);
    expect(stored['iso27001-2022:A.6.3.Q2']).toEqual({
      value: 100,
      note: 'From training records: 100.0 % of 6 assignments completed, 100.0 % passed (phishing@1); latest completion 2027-02-20; as of 2027-03-10.',
    });
    expect(stored['nis2:21.2.g.Q2']?.value).toBe('yes');
    expect(stored['nis2:21.2.g.Q4']).toEqual({ value: 4, note: 'metrics' });
    expect(stored['iso27001-2022:A.6.3.Q1']).toEqual({ value: 'yes', note: null });

    const answered = await app.audit.list(owner, { action: 'assessment.answered' });
    expect(answered.map((e) => (e.details as { question: string }).question).sort()).toEqual([
      'iso27001-2022:A.6.3.Q1',
      'iso27001-2022:A.6.3.Q2',
      'nis2:21.2.g.Q2',
      'nis2:21.2.g.Q4',
    ]);
    const fromTraining = answered.filter((e) => String(e.details.note).startsWith('From training records:'));
    expect(fromTraining).toHaveLength(2);
    const summary = await app.audit.list(owner, { action: 'assessment.suggestions_applied' });
    expect(summary).toHaveLength(1);
    expect(summary[0]?.details).toMatchObject({
      source: 'training',
      answers: [
        { question: 'iso27001-2022:A.6.3.Q2', value: 100, previous: null },
        { question: 'nis2:21.2.g.Q2', value: 'yes', previous: null },
      ],
    });

    // Asked again, nothing is left to record; --overwrite replaces the answer that differs.
    expect((await app.assessment.applyTrainingSuggestions(owner, { assessmentId: id })).applied).toEqual([]);
    const replaced = await app.assessment.applyTrainingSuggestions(owner, { assessmentId: id, overwrite: true });
    expect(replaced.applied).toEqual(['nis2:21.2.g.Q4']);
    expect((await answers(id))['nis2:21.2.g.Q4']?.value).toBe(3);
    expect(await app.audit.list(owner, { action: 'assessment.suggestions_applied' })).toHaveLength(2);
  });

  it('low completion: no and maturity 1; a question that depends on a no is not suggested; ENS as well', async () => {
    await complete(['ana', 'pedro']); // 2 of 6: 33.3 %
    const { id } = await app.assessment.create(owner, { subject: 'HQ', frameworks: ['iso27001-2022'] });
    const found = await app.assessment.suggestFromTraining(owner, { assessmentId: id });
    expect(suggested(found)).toEqual({ 'iso27001-2022:A.6.3.Q1': ['no', 'record'] });
    expect(found.skipped).toEqual([
      {
        question: 'iso27001-2022:A.6.3.Q2',
        reason: 'not asked, given the answers to the questions it depends on',
      },
    ]);
    const ens = await app.assessment.create(owner, { subject: 'Sede', frameworks: ['ens-2022'], level: 'media' });
    const onEns = await app.assessment.suggestFromTraining(owner, { assessmentId: ens.id });
    expect(suggested(onEns)).toEqual({
      'ens-2022:mp.per.3.Q1': ['no', 'record'],
      'ens-2022:mp.per.3.Q2': [1, 'record'],
    });
    expect(onEns.skipped).toEqual([
      { question: 'ens-2022:mp.per.4.Q1', reason: 'no course is linked to ens-2022:mp.per.4' },
    ]);
  });

  it('a viewer reads suggestions but cannot apply them; another organisation’s assessment is not found', async () => {
    await complete(['ana', 'pedro', 'luis', 'sara', 'marta']);
    const { id } = await app.assessment.create(owner, { subject: 'HQ', frameworks: ['iso27001-2022'] });
    const viewer = await signIn(app, 'pedro@acme.test');
    expect((await app.assessment.suggestFromTraining(viewer, { assessmentId: id })).suggestions).toHaveLength(2);
    expect((await failure(app.assessment.applyTrainingSuggestions(viewer, { assessmentId: id }))).code).toBe(
      'AUTH.FORBIDDEN',
    );
    expect(await answers(id)).toEqual({});

    const other = await app.auth.createOrganization(owner, { name: 'Globex' });
    const globex = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: other.slug,
    });
    // One at a time: a call made before the one ahead of it has failed would reject with nobody listening.
    for (const call of [
      () => app.assessment.suggestFromTraining(globex, { assessmentId: id }),
      () => app.assessment.applyTrainingSuggestions(globex, { assessmentId: id }),
    ])
      expect((await failure(call())).code).toBe('ASSESSMENT.NOT_FOUND');
    expect(await answers(id)).toEqual({});
  });
});
