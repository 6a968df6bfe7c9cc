import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { readAnswerRows } from '../../../src/contexts/assessment/adapters/cli/answer-file.js';
import { walkRequirements } from '../../../src/contexts/assessment/domain/catalog.js';
import type { Role } from '../../../src/kernel/roles.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, signIn, type TestClock, testApp } from '../../support/app.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (path: string) => join(FIXTURES, path);
const OSCAL_CATALOG = fixture('oscal/nist-mini-catalog.json');
const CSV_CATALOG = fixture('csv/good.csv');
const CISO_LIBRARY = fixture('ciso/demo-isms-library.yaml');

const SHIPPED = ['dora', 'ens-2022', 'gdpr', 'iso27001-2022', 'nis2', 'nist-csf-2.0', 'soc2-2017'];
/** What `newShortId` draws from: no look-alikes (0/o, 1/l/i). */
const SHORT_ID = /^[a-hjkmnp-z2-9]{8}$/;
const SEAL = /^[0-9a-f]{64}$/;

/**
 * Answers for every question of NIST CSF 2.0 domain RC (8 requirements, 9
 * questions; RC.RP-06.Q2 is asked only after a yes or partial to RC.RP-06.Q1).
 */
const RC_ANSWERS: Record<string, unknown> = {
  'RC.RP-01.Q1': 'yes', // compliant
  'RC.RP-02.Q1': 3, // maturity 3 → 0.6, partially compliant, no gap to target 3
  'RC.RP-03.Q1': 'no', // requirement weight 2: non-compliant
  'RC.RP-04.Q1': 'partial', // 0.5
  'RC.RP-05.Q1': 'na',
  'RC.RP-06.Q1': 'no', // RC.RP-06.Q2 is not asked
  'RC.CO-03.Q1': 'yes',
  'RC.CO-04.Q1': 'yes',
};

interface Failure {
  code: string | undefined;
  kind: string | undefined;
  message: string;
}

/** The error a call fails with; the test fails if the call succeeds. */
const failure = (p: Promise<unknown>): Promise<Failure> =>
  p.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: { code?: string; kind?: string; message: string }) => ({ code: e.code, kind: e.kind, message: e.message }),
  );
const code = async (p: Promise<unknown>) => (await failure(p)).code;

describe.each(DIALECTS)('assessment use cases on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;
  let tmp: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    tmp = mkdtempSync(join(tmpdir(), 'renfe-answers-'));
    ({ app, clock } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterEach(async () => {
    // Drop the database even when setup failed half-way: a leftover PostgreSQL
    // schema holding migration tables confuses the next run's migrator.
    try {
      await app.close();
    } finally {
      await database.drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  async function member(email: string, role: Role): Promise<Principal> {
    await app.auth.addUser(owner, { email, role, password: PASSWORD });
    return signIn(app, email);
  }

  /** bob, owner of Beta, which shares nothing with Acme. */
  async function otherOrganisation(): Promise<Principal> {
    const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
    const ownerInBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    await app.auth.addUser(ownerInBeta, { email: 'bob@beta.test', role: 'owner', password: PASSWORD });
    return signIn(app, 'bob@beta.test');
  }

  const audit = (action: string, principal = owner) => app.audit.list(principal, { limit: 1000, action });

  async function rows(table: 'assessment_frameworks' | 'assessment_mapping_sets' | 'assessment_answers') {
    const row = await app.handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  const createRc = (subject = 'Hospital Central') =>
    app.assessment.create(owner, { subject, frameworks: ['nist-csf-2.0'], domains: ['RC'] });

  async function answerAll(assessmentId: string, answers: Record<string, unknown>, principal = owner) {
    for (const [question, value] of Object.entries(answers)) {
      await app.assessment.answer(principal, { assessmentId, question, value });
    }
  }

  /** The stored answers of an assessment, by question id. */
  async function answered(assessmentId: string, on: App = app): Promise<Record<string, unknown>> {
    const list = await on.assessment.questions(owner, assessmentId);
    return Object.fromEntries(list.filter((q) => q.value !== null).map((q) => [q.question, q.value]));
  }

  function answerFile(name: string, text: string): string {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  }

  describe('frameworks', () => {
    it('lists the seven shipped frameworks before any is installed', async () => {
      const list = await app.assessment.listFrameworks(owner);
      expect(list.map((f) => f.id)).toEqual(SHIPPED);
      expect(list.every((f) => !f.installed && f.scope === 'shared' && f.origin === 'shipped')).toBe(true);
      expect(list.find((f) => f.id === 'nist-csf-2.0')).toMatchObject({ version: '2.0', questions: null });
    });

    it('installs a shipped catalog once, at the first assessment that needs it', async () => {
      const a = await app.assessment.create(owner, { subject: 'A', frameworks: ['nist-csf-2.0'] });
      const b = await app.assessment.create(owner, { subject: 'B', frameworks: ['nist-csf-2.0@2.0'] });
      expect(a.frameworks).toEqual([{ id: 'nist-csf-2.0', version: '2.0' }]);
      expect(b.frameworks).toEqual([{ id: 'nist-csf-2.0', version: '2.0' }]);

      const installed = await audit('framework.installed');
      expect(installed).toHaveLength(1);
      expect(installed[0]?.details).toEqual({ framework: 'nist-csf-2.0', version: '2.0' });
      expect(await rows('assessment_frameworks')).toBe(1);
      const links = await app.handle.db.selectFrom('assessment_assessment_frameworks').select('framework_id').execute();
      expect(links).toHaveLength(2);
      expect(new Set(links.map((l) => l.framework_id)).size).toBe(1);

      const list = await app.assessment.listFrameworks(owner);
      expect(list.map((f) => f.id)).toEqual(SHIPPED);
      expect(list.find((f) => f.id === 'nist-csf-2.0')).toMatchObject({
        installed: true,
        scope: 'shared',
        questions: 122,
      });
      expect(list.filter((f) => f.installed).map((f) => f.id)).toEqual(['nist-csf-2.0']);
    });

    it('shows the whole tree, the same from the shipped file and once stored', async () => {
      const shipped = await app.assessment.showFramework(owner, 'nist-csf-2.0');
      expect(shipped).toMatchObject({ id: 'nist-csf-2.0', version: '2.0' });
      expect(shipped.requirements.map((r) => r.id)).toEqual(['GV', 'ID', 'PR', 'DE', 'RS', 'RC']);
      const rc = shipped.requirements.find((r) => r.id === 'RC');
      expect(rc?.children.map((c) => c.id)).toEqual(['RC.RP', 'RC.CO']);
      const rp06 = [...walkRequirements(shipped.requirements)].find((w) => w.requirement.id === 'RC.RP-06');
      expect(rp06?.parent).toBe('RC.RP');
      expect(rp06?.requirement.questions[1]).toMatchObject({
        id: 'RC.RP-06.Q2',
        type: 'yes_no',
        when: { question: 'RC.RP-06.Q1', in: ['yes', 'partial'] },
      });

      await createRc();
      expect(await app.assessment.showFramework(owner, 'nist-csf-2.0')).toEqual(shipped);
      expect(await app.assessment.showFramework(owner, 'nist-csf-2.0@2.0')).toEqual(shipped);
      expect(await code(app.assessment.showFramework(owner, 'nist-csf-2.0@1.1'))).toBe('FRAMEWORK.NOT_FOUND');
      expect(await code(app.assessment.showFramework(owner, 'no-such-framework'))).toBe('FRAMEWORK.NOT_FOUND');
    });

    it('imports an OSCAL catalog, a CSV catalog and a CISO Assistant library with its mapping set', async () => {
      const oscal = await app.assessment.importFramework(owner, { path: OSCAL_CATALOG });
      expect(oscal).toMatchObject({
        format: 'oscal-catalog',
        framework: { id: 'nist-sp-800-53-rev-5.1.1-excerpt', version: '5.1.1', questions: 6 },
        mappingSets: [],
      });
      const csv = await app.assessment.importFramework(owner, { path: CSV_CATALOG });
      expect(csv).toMatchObject({ format: 'csv', framework: { id: 'mini-ens', version: '2022', questions: 4 } });
      const ciso = await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      expect(ciso).toEqual({
        format: 'ciso-assistant',
        framework: expect.objectContaining({ id: 'demo-isms-2024', version: '2024', revision: '3', questions: 4 }),
        mappingSets: [{ id: 'demo-isms-2024-to-iso27001-2022', mappings: 3, unresolved: 0 }],
        warnings: [],
      });

      const list = await app.assessment.listFrameworks(owner);
      const imported = list.filter((f) => f.scope === 'organisation');
      expect(imported.map((f) => [f.id, f.version, f.origin, f.installed])).toEqual([
        ['demo-isms-2024', '2024', 'ciso-assistant', true],
        ['mini-ens', '2022', 'csv', true],
        ['nist-sp-800-53-rev-5.1.1-excerpt', '5.1.1', 'oscal-catalog', true],
      ]);
      expect(list).toHaveLength(10);

      expect(await rows('assessment_frameworks')).toBe(3);
      const sets = await app.handle.db
        .selectFrom('assessment_mapping_sets')
        .select(['id', 'set_key', 'source_framework', 'target_framework'])
        .execute();
      expect(sets.map((s) => [s.set_key, s.source_framework, s.target_framework])).toEqual([
        ['demo-isms-2024-to-iso27001-2022', 'demo-isms-2024', 'iso27001-2022'],
      ]);
      const mappings = await app.handle.db
        .selectFrom('assessment_mappings')
        .select(['source_ref', 'target_ref', 'relationship'])
        .where('set_id', '=', sets[0]?.id ?? '')
        .orderBy('source_ref')
        .execute();
      expect(mappings.map((m) => [m.source_ref, m.target_ref, m.relationship])).toEqual([
        ['A.5.1', 'A.5.1', 'equal'],
        ['A.5.2', 'A.5.2', 'subset'],
        ['A.6.3', 'A.6.3', 'intersect'],
      ]);
      expect(await audit('framework.imported')).toHaveLength(3);
      expect(await audit('mapping.imported')).toHaveLength(1);

      const miniEns = await app.assessment.showFramework(owner, 'mini-ens');
      expect(miniEns.requirements.map((r) => [r.id, r.children.map((c) => c.id)])).toEqual([
        ['org', ['org.1']],
        ['op', ['op.1', 'op.2']],
      ]);
      expect(miniEns.levels.map((l) => l.id)).toEqual(['basica', 'media']);
    });

    it('refuses the same version twice and writes nothing more', async () => {
      await app.assessment.importFramework(owner, { path: CSV_CATALOG });
      await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      const auditBefore = (await app.audit.list(owner, { limit: 1000 })).length;

      const again = await failure(app.assessment.importFramework(owner, { path: CSV_CATALOG }));
      expect(again).toMatchObject({ code: 'FRAMEWORK.VERSION_EXISTS', kind: 'conflict' });
      expect(again.message).toContain('mini-ens version 2022 already exists');
      expect(await code(app.assessment.importFramework(owner, { path: CISO_LIBRARY }))).toBe(
        'FRAMEWORK.VERSION_EXISTS',
      );

      expect(await rows('assessment_frameworks')).toBe(2);
      expect(await rows('assessment_mapping_sets')).toBe(1);
      expect(await app.audit.list(owner, { limit: 1000 })).toHaveLength(auditBefore);
    });

    it('rejects a malformed file, naming the file and the place, and stores nothing', async () => {
      const oscal = await failure(app.assessment.importFramework(owner, { path: fixture('oscal/bad-catalog.json') }));
      expect(oscal.kind).toBe('invalid-input');
      expect(oscal.message).toContain('bad-catalog.json');
      expect(oscal.message).toContain('catalog.groups[0].controls[1].id');

      const csv = await failure(app.assessment.importFramework(owner, { path: fixture('csv/bad-type.csv') }));
      expect(csv.kind).toBe('invalid-input');
      expect(csv.message).toContain('bad-type.csv');
      expect(csv.message).toContain('row 7, column question_type');
      expect(csv.message).toContain('"yesno"');

      expect(await rows('assessment_frameworks')).toBe(0);
      expect(await rows('assessment_mapping_sets')).toBe(0);
      expect(await audit('framework.imported')).toEqual([]);
      expect((await app.assessment.listFrameworks(owner)).map((f) => f.id)).toEqual(SHIPPED);
    });

    it('lets only owners and admins import', async () => {
      const viewer = await member('vera@acme.test', 'viewer');
      const consultant = await member('carla@acme.test', 'consultant');
      const admin = await member('adm@acme.test', 'admin');
      expect(await code(app.assessment.importFramework(viewer, { path: CSV_CATALOG }))).toBe('AUTH.FORBIDDEN');
      expect(await code(app.assessment.importFramework(consultant, { path: CSV_CATALOG }))).toBe('AUTH.FORBIDDEN');
      expect(await rows('assessment_frameworks')).toBe(0);
      await expect(app.assessment.importFramework(admin, { path: CSV_CATALOG })).resolves.toMatchObject({
        framework: { id: 'mini-ens' },
      });
      // Viewers still read the catalog list.
      expect((await app.assessment.listFrameworks(viewer)).map((f) => f.id)).toContain('mini-ens');
    });

    it("keeps an organisation's imports to itself", async () => {
      await app.assessment.importFramework(owner, { path: CSV_CATALOG });
      const other = await otherOrganisation();
      expect((await app.assessment.listFrameworks(other)).map((f) => f.id)).toEqual(SHIPPED);
      expect(await code(app.assessment.showFramework(other, 'mini-ens'))).toBe('FRAMEWORK.NOT_FOUND');
      expect(await code(app.assessment.create(other, { subject: 'X', frameworks: ['mini-ens'] }))).toBe(
        'FRAMEWORK.NOT_FOUND',
      );
      expect(await code(app.assessment.create(other, { subject: 'X', frameworks: ['mini-ens@2022'] }))).toBe(
        'FRAMEWORK.NOT_FOUND',
      );
      // The other organisation may import the same file as its own.
      await expect(app.assessment.importFramework(other, { path: CSV_CATALOG })).resolves.toMatchObject({
        framework: { id: 'mini-ens', version: '2022' },
      });
      expect(await rows('assessment_frameworks')).toBe(2);
    });
  });

  describe('assessments', () => {
    it('creates assessments with short ids, lists them newest first and shows progress', async () => {
      const a = await createRc('Hospital Central');
      expect(a).toEqual({
        id: expect.stringMatching(SHORT_ID),
        subject: 'Hospital Central',
        frameworks: [{ id: 'nist-csf-2.0', version: '2.0' }],
        status: 'draft',
      });
      clock.advanceMinutes(5);
      const b = await app.assessment.create(owner, { subject: 'Clínica Norte', frameworks: ['iso27001-2022'] });
      expect(b.id).toMatch(SHORT_ID);
      expect(b.id).not.toBe(a.id);

      const list = await app.assessment.list(owner);
      expect(list.map((x) => [x.id, x.subject, x.status])).toEqual([
        [b.id, 'Clínica Norte', 'draft'],
        [a.id, 'Hospital Central', 'draft'],
      ]);

      const shown = await app.assessment.show(owner, a.id);
      expect(shown).toMatchObject({
        id: a.id,
        status: 'draft',
        frameworks: [{ id: 'nist-csf-2.0', version: '2.0' }],
        scope: { domains: ['RC'] },
        targetLevel: 3,
        createdBy: 'ana@acme.test',
        sealedHash: null,
        // 9 questions, of which RC.RP-06.Q2 waits for RC.RP-06.Q1.
        progress: { answered: 0, asked: 8 },
      });
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'yes' });
      expect((await app.assessment.show(owner, a.id)).progress).toEqual({ answered: 1, asked: 8 });
      expect(await audit('assessment.created')).toHaveLength(2);
      expect(await code(app.assessment.show(owner, 'zzzzzzzz'))).toBe('ASSESSMENT.NOT_FOUND');
    });

    it('asks fewer questions in an ENS category than across all of ENS', async () => {
      const all = await app.assessment.create(owner, { subject: 'All', frameworks: ['ens-2022'] });
      const media = await app.assessment.create(owner, { subject: 'Media', frameworks: ['ens-2022'], level: 'media' });
      const askedAll = (await app.assessment.show(owner, all.id)).progress.asked;
      const askedMedia = (await app.assessment.show(owner, media.id)).progress.asked;
      expect(askedMedia).toBeGreaterThan(0);
      expect(askedMedia).toBeLessThan(askedAll);

      const catalog = await app.assessment.showFramework(owner, 'ens-2022');
      const notForMedia = [...walkRequirements(catalog.requirements)]
        .filter((w) => w.requirement.applicability && !w.requirement.applicability.includes('media'))
        .flatMap((w) => w.requirement.questions.map((q) => q.id));
      expect(notForMedia.length).toBeGreaterThan(0);
      const mediaQuestions = new Set((await app.assessment.questions(owner, media.id)).map((q) => q.question));
      const allQuestions = new Set((await app.assessment.questions(owner, all.id)).map((q) => q.question));
      expect(notForMedia.filter((q) => mediaQuestions.has(q))).toEqual([]);
      expect(notForMedia.every((q) => allQuestions.has(q))).toBe(true);
    });

    it('asks only the questions of the domains given', async () => {
      const gv = await app.assessment.create(owner, { subject: 'GV', frameworks: ['nist-csf-2.0'], domains: ['GV'] });
      const full = await app.assessment.create(owner, { subject: 'All', frameworks: ['nist-csf-2.0'] });
      const gvQuestions = await app.assessment.questions(owner, gv.id);
      const allQuestions = await app.assessment.questions(owner, full.id);
      expect(gvQuestions.length).toBeGreaterThan(0);
      expect(new Set(gvQuestions.map((q) => q.domain))).toEqual(new Set(['GV']));
      expect(gvQuestions.map((q) => q.question)).toEqual(
        allQuestions.filter((q) => q.domain === 'GV').map((q) => q.question),
      );
      expect(new Set(allQuestions.map((q) => q.domain)).size).toBe(6);
      const [scores] = await app.assessment.scores(owner, gv.id);
      expect(scores?.domains.map((d) => d.id)).toEqual(['GV']);
    });

    it('rejects an unknown domain, level or framework, and creates nothing', async () => {
      const domain = await failure(
        app.assessment.create(owner, { subject: 'X', frameworks: ['nist-csf-2.0'], domains: ['XX'] }),
      );
      expect(domain).toMatchObject({ kind: 'invalid-input', code: 'ASSESSMENT.BAD_SCOPE' });
      expect(domain.message).toContain('XX');
      expect(domain.message).toContain('GV, ID, PR, DE, RS, RC');

      const level = await failure(
        app.assessment.create(owner, { subject: 'X', frameworks: ['ens-2022'], level: 'extrema' }),
      );
      expect(level).toMatchObject({ kind: 'invalid-input', code: 'ASSESSMENT.BAD_SCOPE' });
      expect(level.message).toContain('basica, media, alta');

      expect(await code(app.assessment.create(owner, { subject: 'X', frameworks: ['no-such-framework'] }))).toBe(
        'FRAMEWORK.NOT_FOUND',
      );
      expect(await code(app.assessment.create(owner, { subject: '  ', frameworks: ['nist-csf-2.0'] }))).toBe(
        'INPUT.INVALID',
      );
      expect(
        await code(app.assessment.create(owner, { subject: 'X', frameworks: ['nist-csf-2.0', 'nist-csf-2.0@2.0'] })),
      ).toBe('ASSESSMENT.DUPLICATE_FRAMEWORK');
      expect(await app.assessment.list(owner)).toEqual([]);
      expect(await audit('assessment.created')).toEqual([]);
    });

    it('rejects a domain list with one unknown domain instead of dropping it', async () => {
      const typo = await failure(
        app.assessment.create(owner, { subject: 'X', frameworks: ['nist-csf-2.0'], domains: ['GV', 'RX'] }),
      );
      expect(typo).toMatchObject({ kind: 'invalid-input', code: 'ASSESSMENT.BAD_SCOPE' });
      expect(typo.message).toContain('RX');
      expect(await app.assessment.list(owner)).toEqual([]);
    });

    it('rejects a domain that none of several frameworks has', async () => {
      const unknown = await failure(
        app.assessment.create(owner, { subject: 'X', frameworks: ['nist-csf-2.0', 'iso27001-2022'], domains: ['ZZ'] }),
      );
      expect(unknown).toMatchObject({ kind: 'invalid-input', code: 'ASSESSMENT.BAD_SCOPE' });
      expect(unknown.message).toContain('ZZ');
      expect(await app.assessment.list(owner)).toEqual([]);
    });

    it('scores the same questions it asks when the domains belong to one of several frameworks', async () => {
      const a = await app.assessment.create(owner, {
        subject: 'CSF governance and ISO',
        frameworks: ['nist-csf-2.0', 'iso27001-2022'],
        domains: ['GV'],
      });
      const { asked } = (await app.assessment.show(owner, a.id)).progress;
      const scores = await app.assessment.scores(owner, a.id);
      const scored = scores.flatMap((s) => s.requirements).reduce((n, r) => n + r.asked, 0);
      expect(scored).toBe(asked);
    });
  });

  describe('answers', () => {
    it('accepts every question type in the forms people type, and stores the normalised value', async () => {
      await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      const a = await app.assessment.create(owner, {
        subject: 'Types',
        frameworks: ['nist-csf-2.0', 'demo-isms-2024'],
      });
      const cases: [string, unknown, unknown][] = [
        ['RC.RP-01.Q1', 'Sí', 'yes'],
        ['RC.RP-03.Q1', ' Parcial ', 'partial'],
        ['RC.RP-04.Q1', 'N', 'no'],
        ['RC.RP-05.Q1', 'N/A', 'na'],
        ['RC.RP-02.Q1', '4', 4],
        ['PR.AT-01.Q1', 0, 0],
        ['GV.PO-02.Q1', 'ANNUAL', 'annual'],
        ['A.6.3.Q1', '1, 3', ['1', '3']],
        ['PR.AT-01.Q2', '87,5', 87.5],
        ['ID.IM-02.Q2', 2, 2],
        ['A.5.1.Q2', '  Reviewed in March 2025 ', 'Reviewed in March 2025'],
        ['demo-isms-2024:A.5.1.Q1', '2', '2'],
        ['A.5.2.Q1', 'no aplica', 'na'],
      ];
      for (const [question, typed, stored] of cases) {
        const result = await app.assessment.answer(owner, { assessmentId: a.id, question, value: typed });
        expect(result.value, question).toEqual(stored);
      }
      const values = await answered(a.id);
      expect(values).toEqual(
        Object.fromEntries(cases.map(([q, , stored]) => [q.replace('demo-isms-2024:', ''), stored])),
      );

      // A list works for multiple choice too, and null clears an answer.
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'A.6.3.Q1', value: ['2'] });
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-04.Q1', value: null, note: '' });
      const after = await answered(a.id);
      expect(after['A.6.3.Q1']).toEqual(['2']);
      expect(after).not.toHaveProperty('RC.RP-04.Q1');
      expect(await audit('assessment.answer_cleared')).toHaveLength(1);
    });

    it('names a question shared by two frameworks with its framework, and finds only questions in scope', async () => {
      await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      const a = await app.assessment.create(owner, {
        subject: 'Shared ids',
        frameworks: ['iso27001-2022', 'demo-isms-2024'],
      });
      expect(await code(app.assessment.answer(owner, { assessmentId: a.id, question: 'A.5.1.Q1', value: 'yes' }))).toBe(
        'QUESTION.AMBIGUOUS',
      );
      await expect(
        app.assessment.answer(owner, { assessmentId: a.id, question: 'iso27001-2022:A.5.1.Q1', value: 'yes' }),
      ).resolves.toMatchObject({ framework: 'iso27001-2022', question: 'A.5.1.Q1', value: 'yes' });
      // The note is kept when only the value changes.
      await app.assessment.answer(owner, {
        assessmentId: a.id,
        question: 'iso27001-2022:A.5.1.Q1',
        value: 'partial',
        note: 'approved 2026',
      });
      await expect(
        app.assessment.answer(owner, { assessmentId: a.id, question: 'iso27001-2022:A.5.1.Q1', value: 'no' }),
      ).resolves.toMatchObject({ value: 'no', note: 'approved 2026' });

      const scoped = await app.assessment.create(owner, {
        subject: 'One domain',
        frameworks: ['nist-csf-2.0'],
        domains: ['RC'],
      });
      expect(
        await code(app.assessment.answer(owner, { assessmentId: scoped.id, question: 'GV.OC-01.Q1', value: 'yes' })),
      ).toBe('QUESTION.NOT_FOUND');
    });

    it('refuses a value that does not fit, naming the question and what it expects, and stores nothing', async () => {
      await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      const a = await app.assessment.create(owner, {
        subject: 'Bad values',
        frameworks: ['nist-csf-2.0', 'demo-isms-2024'],
      });
      const cases: [string, unknown, string][] = [
        ['RC.RP-01.Q1', 'maybe', 'RC.RP-01.Q1 expects yes, partial, no or na'],
        ['RC.RP-02.Q1', 6, 'RC.RP-02.Q1 expects a maturity level from 0 to 5'],
        ['RC.RP-02.Q1', '2.5', 'RC.RP-02.Q1 expects a maturity level from 0 to 5'],
        ['GV.PO-02.Q1', 'weekly', 'GV.PO-02.Q1 expects one of never, adhoc, multiyear, annual, annual_and_events'],
        ['A.6.3.Q1', '1,9', 'A.6.3.Q1 expects one or more of 1, 2, 3'],
        ['PR.AT-01.Q2', 101, 'PR.AT-01.Q2 expects a number of at most 100'],
        ['PR.AT-01.Q2', -1, 'PR.AT-01.Q2 expects a number of at least 0'],
        ['PR.AT-01.Q2', 'lots', 'PR.AT-01.Q2 expects a number, or na'],
        ['A.5.1.Q2', '   ', 'A.5.1.Q2 expects some text'],
      ];
      for (const [question, value, expected] of cases) {
        const error = await failure(app.assessment.answer(owner, { assessmentId: a.id, question, value }));
        expect(error, `${question} ${JSON.stringify(value)}`).toMatchObject({
          code: 'ANSWER.INVALID',
          kind: 'invalid-input',
        });
        expect(error.message).toContain(expected);
      }
      expect(await code(app.assessment.answer(owner, { assessmentId: a.id, question: 'ZZ.Q1', value: 'yes' }))).toBe(
        'QUESTION.NOT_FOUND',
      );

      expect(await answered(a.id)).toEqual({});
      expect(await rows('assessment_answers')).toBe(0);
      expect((await app.assessment.show(owner, a.id)).status).toBe('draft');
      expect(await audit('assessment.answered')).toEqual([]);
    });

    it('asks a follow-up question only once the answer it depends on matches', async () => {
      const a = await app.assessment.create(owner, { subject: 'ISO', frameworks: ['iso27001-2022'] });
      const followUp = async () =>
        (await app.assessment.questions(owner, a.id)).find((q) => q.question === 'A.5.7.Q2')?.asked;
      const asked = async () => (await app.assessment.show(owner, a.id)).progress.asked;

      const before = await asked();
      expect(await followUp()).toBe(false);
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'A.5.7.Q1', value: 'no' });
      expect(await followUp()).toBe(false);
      expect(await asked()).toBe(before);

      await app.assessment.answer(owner, { assessmentId: a.id, question: 'A.5.7.Q1', value: 'partial' });
      expect(await followUp()).toBe(true);
      expect(await asked()).toBe(before + 1);

      await app.assessment.answer(owner, { assessmentId: a.id, question: 'A.5.7.Q1', value: 'no' });
      expect(await followUp()).toBe(false);
    });

    it('refuses a value for a follow-up that is not asked, naming it and the answer it follows up, and stores nothing', async () => {
      const a = await createRc();
      // RC.RP-06.Q2 is asked only when RC.RP-06.Q1 is yes or partially.
      const refused = async () => {
        try {
          await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q2', value: 'yes' });
        } catch (error) {
          return error as { code: string; kind: string; message: string; hint: string };
        }
        throw new Error('RC.RP-06.Q2 was answered');
      };
      const missing = await refused();
      expect(missing).toMatchObject({
        code: 'ANSWERS.NOT_ASKED',
        kind: 'invalid-input',
        message:
          'RC.RP-06.Q2 is not asked: it is asked only when RC.RP-06.Q1 is Yes or Partially, and RC.RP-06.Q1 has no answer; nothing was stored',
        hint: 'first give RC.RP-06.Q1 an answer that asks RC.RP-06.Q2',
      });
      expect(await rows('assessment_answers')).toBe(0);
      expect((await app.assessment.show(owner, a.id)).status).toBe('draft');
      expect(await audit('assessment.answered')).toEqual([]);

      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q1', value: 'no' });
      expect((await refused()).message).toBe(
        'RC.RP-06.Q2 is not asked: it is asked only when RC.RP-06.Q1 is Yes or Partially, and RC.RP-06.Q1 is No; nothing was stored',
      );
      // The full name is refused the same way, and so is a value that would not fit anyway only once it fits.
      expect(
        await code(
          app.assessment.answer(owner, { assessmentId: a.id, question: 'nist-csf-2.0:RC.RP-06.Q2', value: 'no' }),
        ),
      ).toBe('ANSWERS.NOT_ASKED');
      expect(
        await code(app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q2', value: 'maybe' })),
      ).toBe('ANSWER.INVALID');
      expect(await answered(a.id)).toEqual({ 'RC.RP-06.Q1': 'no' });
      expect((await audit('assessment.answered')).map((e) => e.details.question)).toEqual(['nist-csf-2.0:RC.RP-06.Q1']);

      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q1', value: 'partial' });
      expect(
        await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q2', value: 'yes' }),
      ).toMatchObject({ question: 'RC.RP-06.Q2', value: 'yes', noLongerAsked: [] });
    });

    it('keeps a follow-up answer its changed parent no longer asks for, says so, and does not score it', async () => {
      const a = await createRc();
      const rp06 = async () => {
        const [s] = await app.assessment.scores(owner, a.id);
        return s?.requirements.find((r) => r.id === 'RC.RP-06');
      };
      const q2 = async () => (await app.assessment.questions(owner, a.id)).find((q) => q.question === 'RC.RP-06.Q2');
      const answer = (question: string, value: unknown) =>
        app.assessment.answer(owner, { assessmentId: a.id, question, value });

      expect((await answer('RC.RP-06.Q1', 'yes')).noLongerAsked).toEqual([]);
      await answer('RC.RP-06.Q2', 'yes');
      expect(await rp06()).toMatchObject({ result: 'compliant', score: 1, asked: 2, answered: 2 });

      // Yes to no: the follow-up is out of the questionnaire; its yes stays stored, and counts for nothing
      // (counted, it would make the requirement half compliant).
      expect((await answer('RC.RP-06.Q1', 'no')).noLongerAsked).toEqual(['nist-csf-2.0:RC.RP-06.Q2']);
      expect(await q2()).toMatchObject({ asked: false, value: 'yes' });
      expect(await rp06()).toMatchObject({ result: 'non_compliant', score: 0, asked: 1, answered: 1 });
      expect((await app.assessment.show(owner, a.id)).progress).toEqual({ answered: 1, asked: 8 });
      expect((await app.assessment.findings(owner, a.id)).find((f) => f.requirement === 'RC.RP-06')).toBeDefined();
      // Only a change that takes it out says so.
      expect((await answer('RC.RP-06.Q1', 'no')).noLongerAsked).toEqual([]);

      // Asked again, the kept answer counts again.
      expect((await answer('RC.RP-06.Q1', 'partial')).noLongerAsked).toEqual([]);
      expect(await q2()).toMatchObject({ asked: true, value: 'yes' });
      expect(await rp06()).toMatchObject({ result: 'partially_compliant', score: 0.75, asked: 2, answered: 2 });

      // Clearing the answer followed up leaves the follow-up waiting: kept, not scored, the requirement not assessed.
      expect(
        (await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q1', value: null }))
          .noLongerAsked,
      ).toEqual(['nist-csf-2.0:RC.RP-06.Q2']);
      expect(await q2()).toMatchObject({ asked: false, value: 'yes' });
      expect(await rp06()).toMatchObject({ result: 'not_assessed', score: null, answered: 0 });
    });

    it('moves a draft to in progress at the first answer and audits every answer', async () => {
      const a = await createRc();
      expect((await app.assessment.show(owner, a.id)).status).toBe('draft');
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'yes', note: 'BCP' });
      expect((await app.assessment.show(owner, a.id)).status).toBe('in_progress');
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-02.Q1', value: 2 });
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'partial' });

      const entries = (await audit('assessment.answered')).reverse();
      expect(entries.map((e) => [e.target.id, e.actor.label, e.details])).toEqual([
        [a.id, 'ana@acme.test', { question: 'nist-csf-2.0:RC.RP-01.Q1', value: 'yes', note: 'BCP' }],
        [a.id, 'ana@acme.test', { question: 'nist-csf-2.0:RC.RP-02.Q1', value: 2, note: null }],
        // The note stays when only the value changes.
        [a.id, 'ana@acme.test', { question: 'nist-csf-2.0:RC.RP-01.Q1', value: 'partial', note: 'BCP' }],
      ]);
      const rp01 = (await app.assessment.questions(owner, a.id)).find((q) => q.question === 'RC.RP-01.Q1');
      expect(rp01).toMatchObject({ value: 'partial', note: 'BCP', answeredBy: 'ana@acme.test' });
    });

    it('commits each answer on its own: another process sees it at once, and it survives a restart', async () => {
      const a = await createRc();
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'yes' });

      const second = (await testApp(database, clock, 'current')).app;
      try {
        expect(await answered(a.id, second)).toEqual({ 'RC.RP-01.Q1': 'yes' });
        expect((await second.assessment.show(owner, a.id)).status).toBe('in_progress');
      } finally {
        await second.close();
      }

      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-02.Q1', value: '5' });
      await app.close();
      ({ app } = await testApp(database, clock, 'current'));
      expect(await answered(a.id)).toEqual({ 'RC.RP-01.Q1': 'yes', 'RC.RP-02.Q1': 5 });
      expect((await app.assessment.show(owner, a.id)).progress).toEqual({ answered: 2, asked: 8 });
    });
  });

  describe('importing answers', () => {
    it('imports a whole file in one go, skipping blank values', async () => {
      const a = await createRc();
      const csv = answerFile(
        'answers.csv',
        [
          'question,value,note',
          'RC.RP-01.Q1,Sí,Plan approved in 2025',
          'RC.RP-02.Q1,4,',
          'RC.RP-03.Q1,,',
          'nist-csf-2.0:RC.CO-03.Q1,no,',
        ].join('\n'),
      );
      expect(await app.assessment.importAnswers(owner, a.id, await readAnswerRows(csv))).toEqual({
        imported: 3,
        skipped: 1,
      });
      expect(await answered(a.id)).toEqual({ 'RC.RP-01.Q1': 'yes', 'RC.RP-02.Q1': 4, 'RC.CO-03.Q1': 'no' });
      const rp01 = (await app.assessment.questions(owner, a.id)).find((q) => q.question === 'RC.RP-01.Q1');
      expect(rp01?.note).toBe('Plan approved in 2025');
      expect((await app.assessment.show(owner, a.id)).status).toBe('in_progress');
      const imported = await audit('assessment.answers_imported');
      expect(imported.map((e) => e.details)).toEqual([{ imported: 3, skipped: 1 }]);

      const json = answerFile(
        'answers.json',
        JSON.stringify({
          answers: [
            { question: 'RC.RP-04.Q1', value: 'partial' },
            { framework: 'nist-csf-2.0', question: 'RC.RP-05.Q1', value: null },
            { question: 'RC.RP-01.Q1', value: 'no' },
          ],
        }),
      );
      expect(await app.assessment.importAnswers(owner, a.id, await readAnswerRows(json))).toEqual({
        imported: 2,
        skipped: 1,
      });
      expect(await answered(a.id)).toEqual({
        'RC.RP-01.Q1': 'no',
        'RC.RP-02.Q1': 4,
        'RC.RP-04.Q1': 'partial',
        'RC.CO-03.Q1': 'no',
      });
    });

    it('refuses a file with one bad row, naming the row and column, and writes nothing from it', async () => {
      const a = await createRc();
      const badValue = answerFile(
        'bad-value.csv',
        ['question,value', 'RC.RP-01.Q1,yes', 'RC.RP-02.Q1,7', 'RC.CO-03.Q1,yes'].join('\n'),
      );
      const csvError = await failure(app.assessment.importAnswers(owner, a.id, await readAnswerRows(badValue)));
      expect(csvError).toMatchObject({ code: 'ANSWERS.BAD_ROW', kind: 'invalid-input' });
      expect(csvError.message).toContain(`${badValue}: row 3, column value`);
      expect(csvError.message).toContain('RC.RP-02.Q1 expects a maturity level from 0 to 5');

      const unknown = answerFile(
        'unknown.json',
        JSON.stringify([
          { question: 'RC.RP-01.Q1', value: 'yes' },
          { question: 'XX.Q9', value: 'yes' },
        ]),
      );
      const jsonError = await failure(app.assessment.importAnswers(owner, a.id, await readAnswerRows(unknown)));
      expect(jsonError).toMatchObject({ code: 'ANSWERS.BAD_ROW', kind: 'invalid-input' });
      expect(jsonError.message).toContain(`${unknown}: answers[1], column question`);
      expect(jsonError.message).toContain('XX.Q9');

      const twice = answerFile('twice.csv', ['question,value', 'RC.RP-01.Q1,yes', 'RC.RP-01.Q1,no'].join('\n'));
      expect(await code(app.assessment.importAnswers(owner, a.id, await readAnswerRows(twice)))).toBe(
        'ANSWERS.DUPLICATE',
      );

      expect(await answered(a.id)).toEqual({});
      expect(await rows('assessment_answers')).toBe(0);
      expect((await app.assessment.show(owner, a.id)).status).toBe('draft');
      expect(await audit('assessment.answers_imported')).toEqual([]);
    });

    it('refuses a value for a follow-up that is not asked under its condition, naming the row, and writes nothing', async () => {
      const a = await createRc();
      // RC.RP-06.Q2 is asked only when RC.RP-06.Q1 is yes or partially.
      const refused = async (lines: string[]) =>
        failure(
          app.assessment.importAnswers(
            owner,
            a.id,
            await readAnswerRows(answerFile('follow-up.csv', ['question,value', ...lines].join('\n'))),
          ),
        );
      const unmet = await refused(['RC.RP-01.Q1,yes', 'RC.RP-06.Q1,no', 'RC.RP-06.Q2,yes']);
      expect(unmet).toMatchObject({ code: 'ANSWERS.NOT_ASKED', kind: 'invalid-input' });
      expect(unmet.message).toMatch(
        /follow-up\.csv: row 4: RC\.RP-06\.Q2 is not asked: it is asked only when RC\.RP-06\.Q1 is Yes or Partially, and RC\.RP-06\.Q1 is No; nothing was imported$/,
      );
      const missing = await refused(['RC.RP-06.Q2,yes']);
      expect(missing.message).toContain('row 2: RC.RP-06.Q2 is not asked');
      expect(missing.message).toContain('and RC.RP-06.Q1 has no answer');
      expect(await answered(a.id)).toEqual({});
      expect(await audit('assessment.answers_imported')).toEqual([]);

      // The stored answer counts too: no stored, then the follow-up alone is refused; yes stored, it is taken.
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q1', value: 'no' });
      expect((await refused(['RC.RP-06.Q2,yes'])).code).toBe('ANSWERS.NOT_ASKED');
      expect(await answered(a.id)).toEqual({ 'RC.RP-06.Q1': 'no' });
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-06.Q1', value: 'partial' });
      const met = answerFile('met.csv', ['question,value', 'RC.RP-06.Q2,yes'].join('\n'));
      expect(await app.assessment.importAnswers(owner, a.id, await readAnswerRows(met))).toEqual({
        imported: 1,
        skipped: 0,
      });
      // And the file's own answer to the question followed up counts over the stored one.
      const both = answerFile('both.csv', ['question,value', 'RC.RP-06.Q1,no', 'RC.RP-06.Q2,no'].join('\n'));
      expect((await failure(app.assessment.importAnswers(owner, a.id, await readAnswerRows(both)))).code).toBe(
        'ANSWERS.NOT_ASKED',
      );
      expect(await answered(a.id)).toEqual({ 'RC.RP-06.Q1': 'partial', 'RC.RP-06.Q2': 'yes' });
    });

    it('takes a file of blank values as nothing to import: no write, no audit entry, and still no import into a final one', async () => {
      const a = await createRc();
      const blank = [
        { place: 'f.csv: row 2', question: 'RC.RP-01.Q1', value: '' },
        { place: 'f.csv: row 3', question: 'XX.Q9', value: null },
      ];
      expect(await app.assessment.importAnswers(owner, a.id, blank)).toMatchObject({ imported: 0, skipped: 2 });
      expect(await rows('assessment_answers')).toBe(0);
      expect((await app.assessment.show(owner, a.id)).status).toBe('draft');
      expect(await audit('assessment.answers_imported')).toEqual([]);
      expect(await code(app.assessment.importAnswers(owner, 'nosuch00', blank))).toBe('ASSESSMENT.NOT_FOUND');

      await answerAll(a.id, { 'RC.RP-01.Q1': 'yes' });
      await app.assessment.changeStatus(owner, a.id, 'review');
      await app.assessment.changeStatus(owner, a.id, 'finalize');
      expect(await code(app.assessment.importAnswers(owner, a.id, blank))).toBe('ASSESSMENT.FINALIZED');
    });
  });

  describe('lifecycle', () => {
    it('review then finalize seals the assessment with a content hash and locks it', async () => {
      const a = await createRc();
      await answerAll(a.id, { 'RC.RP-01.Q1': 'yes' });
      expect(await code(app.assessment.changeStatus(owner, a.id, 'finalize'))).toBe('ASSESSMENT.BAD_TRANSITION');

      expect(await app.assessment.changeStatus(owner, a.id, 'review')).toEqual({
        id: a.id,
        status: 'in_review',
        sealedHash: null,
      });
      const sealed = await app.assessment.changeStatus(owner, a.id, 'finalize');
      expect(sealed.status).toBe('final');
      expect(sealed.sealedHash).toMatch(SEAL);
      expect(await app.assessment.show(owner, a.id)).toMatchObject({ status: 'final', sealedHash: sealed.sealedHash });

      const answer = await failure(
        app.assessment.answer(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'no' }),
      );
      expect(answer).toMatchObject({ code: 'ASSESSMENT.FINALIZED', kind: 'conflict' });
      expect(
        await code(
          app.assessment.importAnswers(owner, a.id, [{ place: 'f.csv: row 2', question: 'RC.RP-02.Q1', value: 3 }]),
        ),
      ).toBe('ASSESSMENT.FINALIZED');
      expect(
        await code(
          app.assessment.addEvidence(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', url: 'https://x.test/a' }),
        ),
      ).toBe('ASSESSMENT.FINALIZED');
      const removal = await failure(app.assessment.delete(owner, a.id));
      expect(removal).toMatchObject({ code: 'ASSESSMENT.FINALIZED', kind: 'conflict' });

      expect(await answered(a.id)).toEqual({ 'RC.RP-01.Q1': 'yes' });
      expect((await app.assessment.list(owner)).map((x) => x.id)).toEqual([a.id]);
      expect(await app.assessment.listEvidence(owner, a.id)).toEqual([]);
    });

    it('only an admin reopens, the reopening is audited, and the seal changes only with the content', async () => {
      const consultant = await member('carla@acme.test', 'consultant');
      const admin = await member('adm@acme.test', 'admin');
      const a = await app.assessment.create(consultant, {
        subject: 'Hospital Central',
        frameworks: ['nist-csf-2.0'],
        domains: ['RC'],
      });
      await answerAll(a.id, { 'RC.RP-01.Q1': 'yes', 'RC.RP-02.Q1': 2 }, consultant);
      await app.assessment.changeStatus(consultant, a.id, 'review');
      const first = await app.assessment.changeStatus(consultant, a.id, 'finalize');
      expect(first.sealedHash).toMatch(SEAL);

      expect(await code(app.assessment.changeStatus(consultant, a.id, 'reopen'))).toBe('AUTH.FORBIDDEN');
      expect((await app.assessment.show(consultant, a.id)).status).toBe('final');
      expect(await code(app.assessment.delete(consultant, a.id))).toBe('AUTH.FORBIDDEN');

      clock.advanceMinutes(10);
      expect(await app.assessment.changeStatus(admin, a.id, 'reopen')).toEqual({
        id: a.id,
        status: 'in_review',
        sealedHash: null,
      });
      const reopened = await audit('assessment.reopened');
      expect(reopened).toHaveLength(1);
      expect(reopened[0]).toMatchObject({
        actor: { label: 'adm@acme.test' },
        target: { id: a.id },
        details: { from: 'final', to: 'in_review', previousSeal: first.sealedHash },
      });
      expect((await app.assessment.show(owner, a.id)).sealedHash).toBeNull();

      const unchanged = await app.assessment.changeStatus(consultant, a.id, 'finalize');
      expect(unchanged.sealedHash).toBe(first.sealedHash);

      await app.assessment.changeStatus(admin, a.id, 'reopen');
      await app.assessment.answer(consultant, { assessmentId: a.id, question: 'RC.RP-02.Q1', value: 3 });
      const changed = await app.assessment.changeStatus(consultant, a.id, 'finalize');
      expect(changed.sealedHash).toMatch(SEAL);
      expect(changed.sealedHash).not.toBe(first.sealedHash);
      expect(await audit('assessment.finalized')).toHaveLength(3);

      await app.assessment.changeStatus(admin, a.id, 'reopen');
      await app.assessment.delete(admin, a.id);
      expect(await app.assessment.list(owner)).toEqual([]);
      expect(await code(app.assessment.show(owner, a.id))).toBe('ASSESSMENT.NOT_FOUND');
    });
  });

  describe('tenant isolation', () => {
    it("another organisation can neither see nor touch an organisation's assessment", async () => {
      const a = await createRc();
      await answerAll(a.id, RC_ANSWERS);
      await app.assessment.addEvidence(owner, {
        assessmentId: a.id,
        question: 'RC.RP-01.Q1',
        url: 'https://intranet.acme.test/bcp',
      });
      const other = await otherOrganisation();
      const own = await app.assessment.create(other, {
        subject: 'Beta',
        frameworks: ['nist-csf-2.0'],
        domains: ['RC'],
      });

      expect((await app.assessment.list(other)).map((x) => x.id)).toEqual([own.id]);
      const attempts: [string, () => Promise<unknown>][] = [
        ['show', () => app.assessment.show(other, a.id)],
        ['questions', () => app.assessment.questions(other, a.id)],
        ['answer', () => app.assessment.answer(other, { assessmentId: a.id, question: 'RC.RP-01.Q1', value: 'no' })],
        [
          'import answers',
          () => app.assessment.importAnswers(other, a.id, [{ place: 'r', question: 'RC.RP-01.Q1', value: 'no' }]),
        ],
        ['scores', () => app.assessment.scores(other, a.id)],
        ['findings', () => app.assessment.findings(other, a.id)],
        ['update finding', () => app.assessment.updateFinding(other, `${a.id}:RC.RP-03`, { status: 'resolved' })],
        [
          'add evidence',
          () =>
            app.assessment.addEvidence(other, {
              assessmentId: a.id,
              question: 'RC.RP-01.Q1',
              file: { name: 'x.txt', content: Buffer.from('x') },
            }),
        ],
        ['list evidence', () => app.assessment.listEvidence(other, a.id)],
        ['compare before', () => app.assessment.compare(other, a.id, own.id)],
        ['compare after', () => app.assessment.compare(other, own.id, a.id)],
        ['coverage', () => app.assessment.coverage(other, a.id, 'iso27001-2022')],
        ['review', () => app.assessment.changeStatus(other, a.id, 'review')],
        ['delete', () => app.assessment.delete(other, a.id)],
      ];
      for (const [what, attempt] of attempts) {
        expect(await failure(attempt()), what).toMatchObject({ code: 'ASSESSMENT.NOT_FOUND', kind: 'not-found' });
      }

      expect(await app.assessment.show(owner, a.id)).toMatchObject({
        status: 'in_progress',
        progress: { answered: 8, asked: 8 },
      });
      expect(await answered(a.id)).toEqual(RC_ANSWERS);
      expect((await app.assessment.findings(owner, a.id)).every((f) => f.status === 'open')).toBe(true);
      expect(await app.assessment.listEvidence(owner, a.id)).toHaveLength(1);
      expect((await app.assessment.list(owner)).map((x) => x.id)).toEqual([a.id]);
      expect((await app.audit.list(other, { limit: 1000 })).some((e) => e.target.id === a.id)).toBe(false);
    });
  });

  describe('scores and findings', () => {
    it('scores a fully answered scope', async () => {
      const a = await createRc();
      await answerAll(a.id, RC_ANSWERS);
      const scores = await app.assessment.scores(owner, a.id);
      expect(scores).toHaveLength(1);
      const [s] = scores;
      expect(s).toMatchObject({
        framework: 'nist-csf-2.0',
        version: '2.0',
        // Scored questions 1, 0.6, 0, 0.5, 0, 1, 1: 4.1 / 7.
        compliance: 58.6,
        // By requirement weight (RC.RP-03 weighs 2): 4.1 / 8.
        maturity: 2.6,
        gap: 0.4,
        progress: 1,
        counts: { compliant: 3, partially_compliant: 2, non_compliant: 2, not_applicable: 1, not_assessed: 0 },
      });
      expect(s?.score).toBeCloseTo(0.5125, 3);
      expect(s?.domains.map((d) => [d.id, d.compliance])).toEqual([['RC', 58.6]]);
      const byId = new Map(s?.requirements.map((r) => [r.id, r]));
      expect(byId.size).toBe(8);
      expect(byId.get('RC.RP-02')).toMatchObject({ result: 'partially_compliant', score: 0.6, maturity: 3, gap: 0 });
      expect(byId.get('RC.RP-03')).toMatchObject({ result: 'non_compliant', score: 0, gap: 3 });
      expect(byId.get('RC.RP-05')).toMatchObject({ result: 'not_applicable', score: null });
      expect(byId.get('RC.RP-06')).toMatchObject({ result: 'non_compliant', asked: 1, answered: 1 });
    });

    it('lists the gaps as findings, most severe first', async () => {
      const a = await createRc();
      await answerAll(a.id, RC_ANSWERS);
      const findings = await app.assessment.findings(owner, a.id);
      expect(findings.map((f) => [f.id, f.severity, f.severityScore, f.result])).toEqual([
        [`${a.id}:RC.RP-03`, 'critical', 2, 'non_compliant'],
        [`${a.id}:RC.RP-06`, 'high', 1, 'non_compliant'],
        [`${a.id}:RC.RP-04`, 'medium', 0.5, 'partially_compliant'],
        [`${a.id}:RC.RP-02`, 'low', 0.4, 'partially_compliant'],
      ]);
      expect(findings[0]).toMatchObject({
        framework: 'nist-csf-2.0',
        requirement: 'RC.RP-03',
        domain: 'RC',
        owner: null,
        due: null,
        status: 'open',
        shortfalls: [{ id: 'RC.RP-03.Q1', score: 0 }],
      });
      // Written from the requirement's guidance and evidence hint, never from the question id.
      expect(findings[0]?.recommendation).toContain('Keep as evidence:');
      expect(findings[0]?.recommendation).not.toContain('RC.RP-03.Q1');
    });

    it("writes a stored catalog's own recommendation, in the language asked for", async () => {
      const a = await app.assessment.create(owner, {
        subject: 'Hospital Central',
        frameworks: ['iso27001-2022'],
        domains: ['A.5'],
      });
      await app.assessment.answer(owner, { assessmentId: a.id, question: 'A.5.1.Q1', value: 'no' });
      const en = (await app.assessment.findings(owner, a.id)).find((f) => f.requirement === 'A.5.1');
      expect(en?.recommendation).toContain('Have top management approve an information security policy');
      const es = (await app.assessment.findings(owner, a.id, 'es')).find((f) => f.requirement === 'A.5.1');
      expect(es?.recommendation).toContain('Haga que la alta dirección apruebe una política');
    });

    it('tracks owner, due date and status of a finding', async () => {
      const a = await createRc();
      await answerAll(a.id, RC_ANSWERS);
      const id = `${a.id}:RC.RP-03`;

      expect(await failure(app.assessment.updateFinding(owner, id, { status: 'done' }))).toMatchObject({
        code: 'FINDING.BAD_STATUS',
        kind: 'invalid-input',
      });
      expect(await failure(app.assessment.updateFinding(owner, id, {}))).toMatchObject({
        code: 'FINDING.NOTHING_TO_CHANGE',
        kind: 'usage',
      });
      for (const due of ['2026-02-30', '31/03/2026', 'tomorrow']) {
        expect(await failure(app.assessment.updateFinding(owner, id, { due })), due).toMatchObject({
          code: 'FINDING.BAD_DUE',
          kind: 'invalid-input',
        });
      }
      expect(await code(app.assessment.updateFinding(owner, `${a.id}:RC.RP-01`, { status: 'resolved' }))).toBe(
        'FINDING.NOT_FOUND',
      );
      expect((await app.assessment.findings(owner, a.id)).every((f) => f.status === 'open' && !f.owner)).toBe(true);

      const consultant = await member('carla@acme.test', 'consultant');
      const updated = await app.assessment.updateFinding(consultant, id, {
        owner: 'carla@acme.test',
        due: '2026-03-31',
        status: 'in_progress',
      });
      expect(updated).toMatchObject({ id, owner: 'carla@acme.test', due: '2026-03-31', status: 'in_progress' });
      await app.assessment.updateFinding(owner, `${a.id}:RC.RP-04`, { status: 'accepted' });

      const tracked = (await app.assessment.findings(owner, a.id)).map((f) => [
        f.requirement,
        f.owner,
        f.due,
        f.status,
      ]);
      expect(tracked).toEqual([
        ['RC.RP-03', 'carla@acme.test', '2026-03-31', 'in_progress'],
        ['RC.RP-06', null, null, 'open'],
        ['RC.RP-04', null, null, 'accepted'],
        ['RC.RP-02', null, null, 'open'],
      ]);

      // Only the field given changes; an empty value clears it.
      await app.assessment.updateFinding(owner, id, { owner: '' });
      expect((await app.assessment.findings(owner, a.id))[0]).toMatchObject({
        owner: null,
        due: '2026-03-31',
        status: 'in_progress',
      });
      expect(await audit('finding.updated')).toHaveLength(3);
    });
  });

  describe('coverage', () => {
    it('carries results to another framework through the shipped mapping, with sources and paths', async () => {
      const a = await app.assessment.create(owner, { subject: 'CSF', frameworks: ['nist-csf-2.0'] });
      await answerAll(a.id, {
        'PR.IR-04.Q1': 'yes', // equal to A.8.6
        'PR.AA-01.Q1': 'yes', // intersects A.5.17
        'PR.AA-01.Q2': 'yes',
        'RC.CO-04.Q1': 'no', // intersects A.5.26
      });
      const coverage = await app.assessment.coverage(owner, a.id, 'iso27001-2022');
      expect(coverage.target).toEqual({ id: 'iso27001-2022', version: '2022' });
      const byId = new Map(coverage.requirements.map((r) => [r.requirementId, r]));
      const csfToIso = 'nist-csf-2.0--iso27001-2022';

      expect(byId.get('A.8.6')).toEqual({
        requirementId: 'A.8.6',
        title: 'Capacity management',
        result: 'compliant',
        sources: [
          {
            framework: 'nist-csf-2.0',
            requirement: 'PR.IR-04',
            result: 'compliant',
            coverage: 'full',
            carried: 'compliant',
            path: [
              {
                framework: 'iso27001-2022',
                requirement: 'A.8.6',
                relationship: 'equal',
                mappingSet: csfToIso,
                reversed: false,
              },
            ],
          },
        ],
      });
      // Only an intersecting source: a compliant source makes the target partially compliant at most.
      const a517 = byId.get('A.5.17');
      expect(a517?.result).toBe('partially_compliant');
      expect(a517?.sources.filter((s) => s.carried !== null)).toMatchObject([
        {
          requirement: 'PR.AA-01',
          result: 'compliant',
          coverage: 'partial',
          carried: 'partially_compliant',
          path: [{ requirement: 'A.5.17', relationship: 'intersect', mappingSet: csfToIso }],
        },
      ]);
      const a526 = byId.get('A.5.26');
      expect(a526?.result).toBe('non_compliant');
      expect(a526?.sources.find((s) => s.requirement === 'RC.CO-04')).toMatchObject({
        result: 'non_compliant',
        carried: 'non_compliant',
      });
      expect(byId.get('A.5.1')).toMatchObject({ result: 'not_assessed' });

      const tally: Record<string, number> = {};
      for (const r of coverage.requirements) tally[r.result] = (tally[r.result] ?? 0) + 1;
      expect(coverage.counts).toEqual(tally);
      expect(coverage.counts.not_assessed).toBeGreaterThan(80);

      expect(await code(app.assessment.coverage(owner, a.id, 'nist-csf-2.0'))).toBe('COVERAGE.SAME_FRAMEWORK');
      expect(await code(app.assessment.coverage(owner, a.id, 'no-such-framework'))).toBe('FRAMEWORK.NOT_FOUND');
    });

    it('uses a mapping set imported by the organisation', async () => {
      await app.assessment.importFramework(owner, { path: CISO_LIBRARY });
      const a = await app.assessment.create(owner, { subject: 'Demo', frameworks: ['demo-isms-2024'] });
      await answerAll(a.id, { 'A.5.1.Q1': '1', 'A.5.1.Q2': 'Reviewed in January' });
      const coverage = await app.assessment.coverage(owner, a.id, 'iso27001-2022');
      expect(coverage.requirements.find((r) => r.requirementId === 'A.5.1')).toMatchObject({
        result: 'compliant',
        sources: [
          {
            framework: 'demo-isms-2024',
            requirement: 'A.5.1',
            coverage: 'full',
            path: [{ relationship: 'equal', mappingSet: 'demo-isms-2024-to-iso27001-2022' }],
          },
        ],
      });
    });
  });

  describe('compare', () => {
    it('reports what improved and what regressed between two assessments', async () => {
      const before = await createRc('Hospital Central 2025');
      await answerAll(before.id, { 'RC.RP-01.Q1': 'no', 'RC.CO-03.Q1': 'yes', 'RC.RP-04.Q1': 'partial' });
      const after = await createRc('Hospital Central 2026');
      await answerAll(after.id, { 'RC.RP-01.Q1': 'yes', 'RC.CO-03.Q1': 'no', 'RC.RP-04.Q1': 'partial' });

      const comparison = await app.assessment.compare(owner, before.id, after.id);
      expect(comparison.before).toEqual({ id: before.id, subject: 'Hospital Central 2025' });
      expect(comparison.after).toEqual({ id: after.id, subject: 'Hospital Central 2026' });
      expect(comparison.frameworks).toHaveLength(1);
      const [fw] = comparison.frameworks;
      expect(fw?.framework).toBe('nist-csf-2.0');
      const change = new Map(fw?.requirements.map((r) => [r.id, [r.change, r.delta]]));
      expect(change.get('RC.RP-01')).toEqual(['improved', 1]);
      expect(change.get('RC.CO-03')).toEqual(['regressed', -1]);
      expect(change.get('RC.RP-04')).toEqual(['unchanged', 0]);
      expect(fw?.totals).toMatchObject({ improved: 1, regressed: 1, added: 0, removed: 0 });

      const iso = await app.assessment.create(owner, { subject: 'ISO', frameworks: ['iso27001-2022'] });
      expect(await code(app.assessment.compare(owner, before.id, iso.id))).toBe('ASSESSMENT.NOTHING_TO_COMPARE');
    });
  });

  describe('evidence', () => {
    it('stores a file with its hash and size, and a link, and lists them without content', async () => {
      const a = await createRc();
      const content = Buffer.from('Business continuity plan v3, signed 2025-11-02\n');
      const file = await app.assessment.addEvidence(owner, {
        assessmentId: a.id,
        question: 'RC.RP-01.Q1',
        file: { name: 'bcp-v3.pdf', content },
      });
      expect(file).toMatchObject({
        question: 'nist-csf-2.0:RC.RP-01.Q1',
        kind: 'file',
        name: 'bcp-v3.pdf',
        sha256: createHash('sha256').update(content).digest('hex'),
        size: content.length,
        url: null,
        addedBy: 'ana@acme.test',
      });
      const stored = await app.handle.db
        .selectFrom('assessment_evidence')
        .select('content')
        .where('id', '=', file.id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(stored.content ?? []).equals(content)).toBe(true);

      clock.advanceMinutes(1);
      const link = await app.assessment.addEvidence(owner, {
        assessmentId: a.id,
        question: 'RC.CO-03.Q1',
        url: 'https://intranet.acme.test/bcp',
      });
      expect(link).toMatchObject({ kind: 'link', name: 'https://intranet.acme.test/bcp', sha256: null, size: null });

      expect(
        await code(app.assessment.addEvidence(owner, { assessmentId: a.id, question: 'RC.RP-01.Q1', url: 'ftp://x' })),
      ).toBe('EVIDENCE.BAD_URL');

      const list = await app.assessment.listEvidence(owner, a.id);
      expect(list.map((e) => [e.question, e.kind, e.name, e.sha256, e.size])).toEqual([
        ['nist-csf-2.0:RC.RP-01.Q1', 'file', 'bcp-v3.pdf', file.sha256, content.length],
        ['nist-csf-2.0:RC.CO-03.Q1', 'link', 'https://intranet.acme.test/bcp', null, null],
      ]);
      expect(list.every((e) => !('content' in e))).toBe(true);
      expect(JSON.stringify(list)).not.toContain('Business continuity plan');
      expect(await audit('assessment.evidence_added')).toHaveLength(2);
    });

    it('refuses a file over 25 MiB', async () => {
      const a = await createRc();
      const error = await failure(
        app.assessment.addEvidence(owner, {
          assessmentId: a.id,
          question: 'RC.RP-01.Q1',
          file: { name: 'backup.tar', content: Buffer.alloc(25 * 1024 * 1024 + 1) },
        }),
      );
      expect(error).toMatchObject({ code: 'EVIDENCE.TOO_LARGE', kind: 'invalid-input' });
      expect(error.message).toContain('backup.tar');
      expect(error.message).toContain('25 MiB');
      expect(await app.assessment.listEvidence(owner, a.id)).toEqual([]);
    });
  });
});
