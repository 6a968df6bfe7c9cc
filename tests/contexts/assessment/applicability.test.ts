import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, signIn, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

/** The error code a call fails with; the test fails if the call succeeds. */
const code = (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: { code?: string }) => e.code,
  );

describe.each(DIALECTS)('the Statement of Applicability on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let id: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    id = (await app.assessment.create(owner, { subject: 'Clinic', frameworks: ['iso27001-2022'] })).id;
  });

  afterEach(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
    }
  });

  const row = async (control: string) =>
    (await app.assessment.applicability(owner, id)).find((r) => r.control === control);

  it('lists the 93 Annex A controls, each applicable and without a justification until decided', async () => {
    const rows = await app.assessment.applicability(owner, id);
    expect(rows).toHaveLength(93);
    expect(rows.every((r) => r.control.startsWith('A.'))).toBe(true);
    expect(rows.every((r) => r.applicable && !r.decided && !r.justified && r.status === 'not_assessed')).toBe(true);
    expect((await app.assessment.applicability(owner, id, 'es'))[0]?.title).toBe(
      'Políticas de seguridad de la información',
    );
  });

  it('stores an exclusion with its justification, audited, and scores the control as not applicable, not as a gap', async () => {
    await app.assessment.answer(owner, { assessmentId: id, question: 'A.7.5.Q1', value: 'no' });
    const before = await app.assessment.findings(owner, id);
    expect(before.map((f) => f.requirement)).toContain('A.7.5');

    const saved = await app.assessment.setApplicability(owner, {
      assessmentId: id,
      control: 'A.7.5',
      applicable: false,
      justification: '  No premises of our own: a managed office building  ',
    });
    expect(saved).toMatchObject({
      framework: 'iso27001-2022',
      control: 'A.7.5',
      applicable: false,
      decided: true,
      reasons: [],
      justification: 'No premises of our own: a managed office building',
      justified: true,
      status: 'not_applicable',
      decidedBy: 'ana@acme.test',
    });
    expect(await row('A.7.5')).toEqual(saved);

    const after = await app.assessment.findings(owner, id);
    expect(after.map((f) => f.requirement)).not.toContain('A.7.5');
    const scores = await app.assessment.scores(owner, id);
    const req = scores[0]?.requirements.find((r) => r.id === 'A.7.5');
    expect(req).toMatchObject({ result: 'not_applicable', score: null, gap: null });

    const audit = await app.audit.list(owner, { limit: 10, action: 'assessment.applicability_set' });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ control: 'iso27001-2022:A.7.5', applicable: false });
  });

  it("counts an excluded control's asked questions as answered for progress, as scoring does, and not once included again", async () => {
    const progress = async () => (await app.assessment.show(owner, id)).progress;
    const scored = async () => {
      const [s] = await app.assessment.scores(owner, id);
      const rows = s?.requirements ?? [];
      return {
        answered: rows.reduce((n, r) => n + r.answered, 0),
        asked: rows.reduce((n, r) => n + r.asked, 0),
      };
    };
    const start = await progress();
    expect(start.answered).toBe(0);
    expect(await scored()).toEqual(start);
    const asked = (await app.assessment.questions(owner, id)).filter((q) => q.requirement === 'A.5.7' && q.asked);
    expect(asked.length).toBeGreaterThan(0);
    await app.assessment.setApplicability(owner, { assessmentId: id, control: 'A.5.7', applicable: false });
    expect(await progress()).toEqual({ answered: asked.length, asked: start.asked });
    expect(await scored()).toEqual(await progress());
    await app.assessment.setApplicability(owner, { assessmentId: id, control: 'A.5.7', applicable: true });
    expect(await progress()).toEqual(start);
  });

  it('stores the reasons for an inclusion and replaces an earlier decision', async () => {
    await app.assessment.setApplicability(owner, { assessmentId: id, control: 'A.5.34', applicable: false });
    expect(await row('A.5.34')).toMatchObject({ applicable: false, justified: false });
    await app.assessment.setApplicability(owner, {
      assessmentId: id,
      control: 'iso27001-2022:A.5.34',
      applicable: true,
      reasons: ['legal', 'contract', 'legal'],
    });
    expect(await row('A.5.34')).toMatchObject({
      applicable: true,
      reasons: ['legal', 'contract'],
      justification: null,
      justified: true,
    });
    const stored = await app.handle.db
      .selectFrom('assessment_applicability')
      .selectAll()
      .where('assessment_id', '=', id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.organization_id).toBe(owner.org?.id);
  });

  it('refuses bad input, an unknown control, a viewer and a final assessment, and stores nothing', async () => {
    const set = (input: Partial<Parameters<App['assessment']['setApplicability']>[1]>, who = owner) =>
      app.assessment.setApplicability(who, { assessmentId: id, control: 'A.5.1', applicable: true, ...input });
    expect(await code(set({ reasons: ['whim'] }))).toBe('APPLICABILITY.INVALID');
    expect(await code(set({ applicable: false, reasons: ['risk'] }))).toBe('APPLICABILITY.INVALID');
    expect(await code(set({ justification: 'x'.repeat(2001) }))).toBe('APPLICABILITY.INVALID');
    expect(await code(set({ control: 'A.9.9' }))).toBe('REQUIREMENT.NOT_FOUND');
    expect(await code(set({ control: '4.1' }))).toBe('REQUIREMENT.NOT_FOUND'); // clauses: out of scope here
    expect(await code(set({ assessmentId: 'nope1234' }))).toBe('ASSESSMENT.NOT_FOUND');

    await app.auth.addUser(owner, { email: 'vic@acme.test', role: 'viewer', password: PASSWORD });
    const viewer = await signIn(app, 'vic@acme.test');
    expect(await code(set({}, viewer))).toBe('AUTH.FORBIDDEN');
    expect(await app.assessment.applicability(viewer, id)).toHaveLength(93);

    await app.assessment.changeStatus(owner, id, 'review');
    await app.assessment.changeStatus(owner, id, 'finalize');
    expect(await code(set({}))).toBe('ASSESSMENT.FINALIZED');
    expect((await app.assessment.applicability(owner, id)).some((r) => r.decided)).toBe(false);
    expect(await app.audit.list(owner, { limit: 10, action: 'assessment.applicability_set' })).toEqual([]);
  });

  it('keeps one organisation from reading or changing another’s decisions', async () => {
    await app.assessment.setApplicability(owner, { assessmentId: id, control: 'A.7.5', applicable: false });
    const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
    const inBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    expect(await code(app.assessment.applicability(inBeta, id))).toBe('ASSESSMENT.NOT_FOUND');
    expect(
      await code(app.assessment.setApplicability(inBeta, { assessmentId: id, control: 'A.7.5', applicable: true })),
    ).toBe('ASSESSMENT.NOT_FOUND');
    expect(await row('A.7.5')).toMatchObject({ applicable: false });
  });

  it('changes the data hash when a decision changes, and keeps it when there is none', async () => {
    const first = await app.assessment.dataHash(owner, id);
    expect(await app.assessment.dataHash(owner, id)).toBe(first);
    await app.assessment.setApplicability(owner, { assessmentId: id, control: 'A.7.5', applicable: false });
    expect(await app.assessment.dataHash(owner, id)).not.toBe(first);
  });
});
