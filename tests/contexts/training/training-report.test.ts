import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../src/composition.js';
import { DEFAULT_LOCKOUT } from '../../../src/contexts/auth/index.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { parseDatabaseTarget } from '../../../src/persistence/connect.js';
import { fastHasher, PASSWORD, signIn, TestClock, UNLIMITED_PLANS } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

async function failure(promise: Promise<unknown>): Promise<{ code?: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

const text = (file: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
/** pdftotext's words joined by single spaces, for phrases that a layout may space out. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('training report PDF', () => {
  it('lists the 300 longest overdue and says how many there are in all', async () => {
    const { renderTrainingPdf } = await import('../../../src/contexts/reporting/adapters/pdf/training-pdf.js');
    const { fileTemplateStore } =
      await import('../../../src/contexts/reporting/adapters/templates/file-template-store.js');
    const figures = {
      people: 1305,
      assigned: 1305,
      completed: 0,
      passed: 0,
      overdue: 1305,
      completionRate: 0,
      passRate: 0,
      averageScore: null,
    };
    const data = {
      schema: 'renfe.training-report/v1' as const,
      generatedAt: '2027-03-10T09:15:00.000Z',
      organisationSlug: 'acme',
      course: null,
      organisation: 'Acme',
      asOf: '2027-03-10',
      totals: figures,
      courses: [
        {
          course: 'phishing',
          version: 1,
          title: { en: 'Phishing' },
          requirements: [],
          lastCompletedAt: null,
          ...figures,
        },
      ],
      roles: [{ role: 'viewer', ...figures }],
      overdue: Array.from({ length: 1305 }, (_, i) => ({
        course: 'phishing',
        title: { en: 'Phishing' },
        email: `user${i}@acme.test`,
        name: null,
        role: 'viewer',
        due: i < 300 ? '2027-01-01' : '2027-02-01',
        failed: false,
        score: null,
      })),
      months: [{ month: '2027-03', completions: 0, passed: 0 }],
      dataHash: 'f'.repeat(64),
    };
    const dir = mkdtempSync(join(tmpdir(), 'renfe-training-pdf-'));
    try {
      for (const [language, phrase] of [
        ['en', 'The 300 longest overdue of 1,305; renfe training overdue lists every one.'],
        ['es', 'Las 300 que más tiempo llevan fuera de plazo, de 1305; renfe training overdue las lista todas.'],
      ] as const) {
        const file = join(dir, `${language}.pdf`);
        const template = await fileTemplateStore().load('training');
        writeFileSync(
          file,
          await renderTrainingPdf({
            data,
            template,
            language,
            branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
          }),
        );
        const words = flat(text(file));
        expect(words).toContain(phrase);
        expect(words).toContain('user299@acme.test');
        expect(words).not.toContain('user300@acme.test');
        expect(words).toContain(language === 'en' ? '1,305' : '1305');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('training report on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;
  let dir: string;

  beforeEach(async () => {
    db = await dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'renfe-training-report-'));
    clock = new TestClock('2027-03-10T09:15:00.000Z');
    app = await openApp({
      target: parseDatabaseTarget(db.url),
      schema: 'migrate',
      clock,
      hasher: fastHasher,
      settings: { sessionHours: 12, lockout: DEFAULT_LOCKOUT },
      billing: { plansFile: UNLIMITED_PLANS },
      keyDir: join(dir, 'keys'),
    });
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function member(email: string, role: 'admin' | 'consultant' | 'viewer', name: string) {
    await app.auth.addUser(owner, { email, role, password: PASSWORD, name });
    return signIn(app, email);
  }
  const record = (user: string, course: string, score: number, completedAt: string) =>
    app.training.record(owner, { user, course, score: String(score), completedAt });

  /**
   * Seven people in four roles, three courses: phishing for everyone (due in
   * January: overdue for those without a pass), passwords for viewers (due in
   * April), GDPR for consultants (due in February); completions from October
   * to March, one failed quiz.
   */
  async function seed() {
    await member('pedro@acme.test', 'admin', 'Pedro Admin');
    await member('luis@acme.test', 'consultant', 'Luis Consultor');
    await member('sara@acme.test', 'consultant', 'Sara Consultora');
    await member('marta@acme.test', 'viewer', 'Marta Lectora');
    await member('juan@acme.test', 'viewer', 'Juan Lector');
    await member('eva@acme.test', 'viewer', 'Eva Lectora');
    for (const c of ['phishing', 'passwords-mfa', 'gdpr-personal-data']) await app.training.importCourse(owner, c);
    await app.training.assign(owner, { course: 'phishing', all: true, due: '2027-01-31' });
    await app.training.assign(owner, { course: 'passwords-mfa', role: 'viewer', due: '2027-04-30' });
    await app.training.assign(owner, { course: 'gdpr-personal-data', role: 'consultant', due: '2027-02-15' });
    await record('ana@acme.test', 'phishing', 90, '2026-10-12');
    await record('pedro@acme.test', 'phishing', 100, '2026-11-03');
    await record('marta@acme.test', 'phishing', 85, '2026-11-20');
    await record('luis@acme.test', 'phishing', 60, '2027-01-05'); // failed: overdue still
    await record('juan@acme.test', 'passwords-mfa', 80, '2027-02-01');
    await record('eva@acme.test', 'passwords-mfa', 95, '2027-03-02');
    await record('luis@acme.test', 'gdpr-personal-data', 88, '2027-02-10');
  }

  it('gathers completion by course and by role, the overdue list and completions per month', async () => {
    await seed();
    const data = await app.training.report(owner);
    expect(data.totals).toMatchObject({ people: 7, assigned: 12, completed: 7, passed: 6, overdue: 5 });
    expect(data.totals.completionRate).toBe(58.3);
    const byCourse = Object.fromEntries(data.courses.map((c) => [c.course, c]));
    expect(byCourse.phishing).toMatchObject({ assigned: 7, completed: 4, passed: 3, overdue: 4, completionRate: 57.1 });
    expect(byCourse['passwords-mfa']).toMatchObject({ assigned: 3, completed: 2, passed: 2, overdue: 0 });
    expect(byCourse['gdpr-personal-data']).toMatchObject({ assigned: 2, completed: 1, passed: 1, overdue: 1 });
    expect(data.roles.map((r) => [r.role, r.people, r.assigned, r.completed, r.passed, r.overdue])).toEqual([
      ['owner', 1, 1, 1, 1, 0],
      ['admin', 1, 1, 1, 1, 0],
      ['consultant', 2, 4, 2, 1, 3],
      ['viewer', 3, 6, 3, 3, 2],
    ]);
    expect(data.overdue.map((o) => [o.course, o.email, o.failed])).toEqual([
      ['phishing', 'eva@acme.test', false],
      ['phishing', 'juan@acme.test', false],
      ['phishing', 'luis@acme.test', true],
      ['phishing', 'sara@acme.test', false],
      ['gdpr-personal-data', 'sara@acme.test', false],
    ]);
    expect(data.months.map((m) => m.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(data.months.slice(6).map((m) => [m.completions, m.passed])).toEqual([
      [1, 1],
      [2, 2],
      [0, 0],
      [1, 0],
      [2, 2],
      [1, 1],
    ]);
    const one = await app.training.report(owner, { course: 'phishing' });
    expect(one.course).toBe('phishing');
    expect(one.courses.map((c) => c.course)).toEqual(['phishing']);
    expect(one.totals).toMatchObject({ assigned: 7, overdue: 4 });
    expect(one.months.reduce((n, m) => n + m.completions, 0)).toBe(4);
  });

  it('draws the PDF in English and Spanish, records it, and report verify tells it apart from a changed copy', async () => {
    await seed();
    const branding = { firmName: 'Asesores Ibéricos', logoPath: null, primaryColor: '#0b6e4f' };
    const en = join(dir, 'training.pdf');
    const made = await app.reporting.generateTraining(owner, {
      template: 'training',
      format: 'pdf',
      out: en,
      language: 'en',
      branding,
    });
    expect(made).toMatchObject({ subject: 'training', format: 'pdf', template: 'training', courses: 3, overdue: 5 });
    const shown = text(en);
    const words = flat(shown);
    for (const phrase of [
      'Security awareness training report',
      'Asesores Ibéricos',
      'Completion by course',
      'Completion by role',
      'Completions by month',
      'Overdue',
      'Phishing and social engineering',
      'Consultant',
      '58.3 %',
      'Sara Consultora',
      'sara@acme.test',
      'failed (60 %)',
      'not taken',
      `Data hash ${made.dataHash.slice(0, 12)}`,
    ])
      expect(words, phrase).toContain(phrase);
    // Days late for Luis on phishing (due 31 January, today 10 March).
    expect(shown).toMatch(/Luis Consultor[^\n]*Consultant[^\n]*Phishing[^\n]*Jan 31, 2027\s+38\s/);
    expect(shown).not.toMatch(/training-(figures|courses|roles|trend|overdue)/);

    clock.advanceMinutes(1);
    const es = join(dir, 'formacion.pdf');
    const madeEs = await app.reporting.generateTraining(owner, {
      template: 'training',
      format: 'pdf',
      out: es,
      language: 'es',
      branding,
    });
    const palabras = flat(text(es));
    for (const phrase of [
      'Informe de formación en seguridad',
      'Finalización por curso',
      'Finalización por rol',
      'Finalizaciones por mes',
      'Fuera de plazo',
      'Consultor',
      '58,3 %',
      'suspenso (60 %)',
      'sin hacer',
    ])
      expect(palabras, phrase).toContain(phrase);
    expect(madeEs.dataHash).toBe(made.dataHash);

    const listed = await app.reporting.list(owner);
    expect(listed.map((r) => [r.assessment, r.template, r.language, r.file])).toEqual([
      ['training', 'training', 'es', 'formacion.pdf'],
      ['training', 'training', 'en', 'training.pdf'],
    ]);
    const ok = await app.reporting.verify(owner, en);
    expect(ok).toMatchObject({ produced: true, seal: 'valid', dataUnchanged: true });
    expect(ok.report?.id).toBe(made.id);

    const bytes = Buffer.from(readFileSync(en));
    bytes[bytes.length - 10] = bytes[bytes.length - 10] === 0x30 ? 0x31 : 0x30;
    const copy = join(dir, 'changed.pdf');
    writeFileSync(copy, bytes);
    expect(await app.reporting.verify(owner, copy)).toMatchObject({ produced: false, seal: 'altered' });

    // A completion after the report: the file is still ours, its figures have moved.
    await record('sara@acme.test', 'phishing', 92, '2027-03-09');
    expect(await app.reporting.verify(owner, en)).toMatchObject({ produced: true, dataUnchanged: false });
  });

  it('one course, JSON, an empty organisation; viewers may not read names; bad language and templates refused', async () => {
    await seed();
    const json = await app.reporting.generateTraining(owner, {
      course: 'gdpr-personal-data',
      template: 'training',
      format: 'json',
      out: null,
      language: 'en',
      branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
    });
    expect(json.subject).toBe('training:gdpr-personal-data');
    const data = JSON.parse(json.content!.toString());
    expect(data).toMatchObject({ schema: 'renfe.training-report/v1', course: 'gdpr-personal-data' });
    expect(data.overdue).toEqual([expect.objectContaining({ email: 'sara@acme.test', due: '2027-02-15' })]);
    expect((await app.reporting.list(owner)).map((r) => r.assessment)).toEqual(['training:gdpr-personal-data']);

    const viewer = await signIn(app, 'marta@acme.test');
    const denied = await failure(
      app.reporting.generateTraining(viewer, {
        template: 'training',
        format: 'pdf',
        out: join(dir, 'v.pdf'),
        language: 'en',
        branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
      }),
    );
    expect(denied.code).toBe('AUTH.FORBIDDEN');
    const base = {
      template: 'training',
      format: 'pdf',
      out: join(dir, 'x.pdf'),
      language: 'en',
      branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
    };
    expect((await failure(app.reporting.generateTraining(owner, { ...base, language: 'fr' }))).code).toBe(
      'REPORT.BAD_LANGUAGE',
    );
    const wrong = await failure(app.reporting.generateTraining(owner, { ...base, template: 'executive' }));
    expect(wrong.code).toBe('TEMPLATE.INVALID');
    expect(wrong.message).toContain('templates/executive.yaml: sections[1]');
    expect((await failure(app.reporting.generateTraining(owner, { ...base, course: 'nope' }))).code).toBe(
      'TRAINING.NOT_FOUND',
    );
    expect((await app.reporting.list(owner)).length).toBe(1);
  });

  it('an organisation with no courses gets a report that says so', async () => {
    const out = join(dir, 'empty.pdf');
    await app.reporting.generateTraining(owner, {
      template: 'training',
      format: 'pdf',
      out,
      language: 'en',
      branding: { firmName: 'Acme', logoPath: null, primaryColor: '#1f4e79' },
    });
    const words = flat(text(out));
    expect(words).toContain('No course has been imported yet.');
    expect(words).toContain('No assignment is overdue.');
  });
});
