import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, TestClock, signIn, testApp } from '../../support/app.js';

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

describe.each(DIALECTS)('training on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let clock: TestClock;
  let owner: Principal;
  let dir: string;

  beforeEach(async () => {
    db = await dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'renfe-training-'));
    ({ app, clock } = await testApp(db, new TestClock('2027-03-10T09:15:00.000Z')));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  async function member(email: string, role: 'admin' | 'consultant' | 'viewer') {
    await app.auth.addUser(owner, { email, role, password: PASSWORD, name: email.split('@')[0] });
    return signIn(app, email);
  }

  /** Answers the drawn questions of an open quiz: the first `right` correctly, the rest wrongly. */
  async function answerQuiz(who: Principal, course: string, right: number) {
    clock.advanceMinutes(1);
    const opened = await app.training.open(who, course);
    const quiz = await app.training.startQuiz(who, course);
    const pool = new Map(opened.definition.quiz.questions.map((q) => [q.id, q]));
    for (const [i, id] of quiz.questions.entries()) {
      const q = pool.get(id)!;
      const wrong = q.options.find((o) => !q.correct.includes(o.id))!.id;
      await app.training.answer(who, quiz.attempt, id, i < right ? q.correct : [wrong]);
    }
    return app.training.submit(who, quiz.attempt);
  }

  it('imports the shipped courses and refuses broken ones with file, line and path, changing nothing', async () => {
    for (const name of ['phishing', 'passwords-mfa', 'gdpr-personal-data']) {
      const c = await app.training.importCourse(owner, name);
      expect(c).toMatchObject({ course: name, version: 1, outcome: 'imported', languages: ['en', 'es'] });
      expect(c.questions).toBeGreaterThanOrEqual(10);
    }
    const shown = await app.training.showCourse(owner, 'phishing', 'es');
    expect(shown.moduleList.map((m) => m.title)).toEqual(['Qué es el phishing', 'Reconocer las señales', 'Qué hacer']);
    expect(shown.requirements).toContain('iso27001-2022:A.6.3');
    expect((await app.training.importCourse(owner, 'phishing')).outcome).toBe('unchanged');

    const type = await failure(app.training.importCourse(owner, fixture('bad-type.yaml')));
    expect(type.code).toBe('TRAINING.INVALID');
    expect(type.message).toMatch(
      /bad-type\.yaml:12 \(quiz\.questions\[0\]\.type\): one of single, multiple, true_false/,
    );
    const answer = await failure(app.training.importCourse(owner, fixture('bad-answer.yaml')));
    expect(answer.message).toMatch(
      /bad-answer\.yaml:15 \(quiz\.questions\[0\]\.options\): a single question needs exactly one/,
    );
    // A folder course whose Spanish module file is missing.
    const folder = join(dir, 'course');
    const { cpSync, rmSync } = await import('node:fs');
    cpSync(fileURLToPath(new URL('../../../courses/passwords-mfa', import.meta.url)), folder, { recursive: true });
    rmSync(join(folder, 'modules', 'es', '02-mfa.md'));
    const missing = await failure(app.training.importCourse(owner, folder));
    expect(missing.message).toMatch(/course\.yaml:16 \(modules\[1\]\.file\): no file modules\/es\/02-mfa\.md/);
    expect((await app.training.listCourses(owner)).map((c) => c.course).sort()).toEqual([
      'gdpr-personal-data',
      'passwords-mfa',
      'phishing',
    ]);
    expect((await failure(app.training.showCourse(owner, 'nope'))).code).toBe('TRAINING.NOT_FOUND');
  });

  it('assigns by user and by role, including people who join the role later, and reports overdue in SQL', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const lea = await member('lea@acme.test', 'consultant');
    await member('max@acme.test', 'viewer');
    await app.training.assign(owner, { course: 'tiny', role: 'consultant', due: '2027-03-31' });
    await app.training.assign(owner, { course: 'tiny', user: 'max@acme.test', due: '2027-03-01' });
    expect((await failure(app.training.assign(owner, { course: 'tiny', due: '2027-03-31' }))).code).toBe(
      'TRAINING.BAD_ASSIGNMENT',
    );
    expect(
      (await failure(app.training.assign(owner, { course: 'tiny', all: true, due: '31/03/2027' }))).message,
    ).toMatch(/--due: a day as YYYY-MM-DD/);
    expect(
      (await failure(app.training.assign(owner, { course: 'tiny', user: 'who@x.test', due: '2027-03-31' }))).code,
    ).toBe('TRAINING.NOT_MEMBER');
    let rows = await app.training.assignments(owner, { course: 'tiny' });
    expect(rows.map((r) => [r.email, r.due, r.status])).toEqual([
      ['lea@acme.test', '2027-03-31', 'pending'],
      ['max@acme.test', '2027-03-01', 'overdue'],
    ]);
    // Someone who joins the role later has the assignment without assigning again.
    await member('noa@acme.test', 'consultant');
    rows = await app.training.assignments(owner, { course: 'tiny' });
    expect(rows.map((r) => r.email)).toEqual(['lea@acme.test', 'max@acme.test', 'noa@acme.test']);

    expect((await answerQuiz(lea, 'tiny', 4)).passed).toBe(true);
    clock.advanceMinutes(60 * 24 * 30); // 2027-04-09: the role's due date has passed
    const status = await app.training.status(owner);
    expect(status).toEqual([
      expect.objectContaining({
        course: 'tiny',
        assigned: 3,
        completed: 1,
        passed: 1,
        overdue: 2,
        completionRate: 33.3,
        averageScore: 100,
      }),
    ]);
    expect((await app.training.overdue(owner)).map((r) => r.email)).toEqual(['max@acme.test', 'noa@acme.test']);
    expect((await app.training.assignments(owner, { overdue: true })).length).toBe(2);
  });

  it('scores against the pass mark, counts attempts up to the limit, and resumes modules and answers', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const lea = await member('lea@acme.test', 'viewer');
    expect((await failure(app.training.open(lea, 'tiny'))).code).toBe('TRAINING.NOT_ASSIGNED');
    await app.training.assign(owner, { course: 'tiny', all: true, due: '2027-04-30' });

    const opened = await app.training.open(lea, 'tiny');
    expect(opened.completedModules).toEqual([]);
    await app.training.completeModule(lea, opened.courseId, 'one');
    const quiz = await app.training.startQuiz(lea, 'tiny');
    expect(quiz.questions).toHaveLength(4);
    const pool = new Map(opened.definition.quiz.questions.map((q) => [q.id, q]));
    const first = quiz.questions[0]!;
    await app.training.answer(lea, quiz.attempt, first, pool.get(first)!.correct);
    expect((await failure(app.training.answer(lea, quiz.attempt, quiz.questions[1]!, ['nonsense']))).code).toBe(
      'TRAINING.BAD_ANSWER',
    );
    expect((await failure(app.training.submit(lea, quiz.attempt))).message).toMatch(/not answered yet/);
    // A new session (after a kill) finds the module read and the attempt with its answer.
    const resumed = await app.training.open(lea, 'tiny');
    expect(resumed.completedModules).toEqual(['one']);
    expect(resumed.openAttempt).toMatchObject({ id: quiz.attempt, questions: quiz.questions });
    expect(Object.keys(resumed.openAttempt!.answers)).toEqual([first]);
    expect((await app.training.startQuiz(lea, 'tiny')).attempt).toBe(quiz.attempt);
    for (const id of quiz.questions.slice(1)) {
      const q = pool.get(id)!;
      await app.training.answer(lea, quiz.attempt, id, [q.options.find((o) => !q.correct.includes(o.id))!.id]);
    }
    const failed = await app.training.submit(lea, quiz.attempt);
    expect(failed).toMatchObject({ score: 25, passed: false, passMark: 75, attemptsUsed: 1, attemptsAllowed: 2 });
    expect(failed.questions.every((q) => q.explanation.length > 0)).toBe(true);
    // Three of four is 75%: exactly the pass mark.
    expect(await answerQuiz(lea, 'tiny', 3)).toMatchObject({ score: 75, passed: true, attemptsUsed: 2 });
    expect((await failure(answerQuiz(lea, 'tiny', 4))).code).toBe('TRAINING.ATTEMPTS_USED');
    // Only their own attempts.
    expect((await app.training.attempts(lea)).map((a) => a.status)).toEqual(['failed', 'passed']);
    await member('max@acme.test', 'viewer');
    expect((await failure(app.training.attempts(lea, { user: 'max@acme.test' }))).code).toBe('TRAINING.NOT_YOURS');
    expect((await app.training.status(lea))[0]).toMatchObject({ assigned: 3, passed: 1 });
  });

  it('a new version never rewrites past attempts; retake assignments ask for it, keep ones do not', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const lea = await member('lea@acme.test', 'consultant');
    const max = await member('max@acme.test', 'viewer');
    await app.training.assign(owner, { course: 'tiny', role: 'consultant', due: '2027-04-30', onNewVersion: 'retake' });
    await app.training.assign(owner, { course: 'tiny', role: 'viewer', due: '2027-04-30' });
    const leaV1 = await answerQuiz(lea, 'tiny', 4);
    await answerQuiz(max, 'tiny', 4);
    const edited = join(dir, 'tiny.yaml');
    writeFileSync(edited, readFileSync(fixture('tiny.yaml'), 'utf8').replace('Sky is blue', 'The sky is blue'));
    const v2 = await app.training.importCourse(owner, edited);
    expect(v2).toMatchObject({ version: 2, outcome: 'imported', retakes: 1 });
    const rows = await app.training.assignments(owner);
    expect(rows.map((r) => [r.email, r.requiredVersion, r.status])).toEqual([
      ['lea@acme.test', 2, 'pending'],
      ['max@acme.test', 1, 'passed'],
    ]);
    const attempts = await app.training.attempts(owner, { user: 'lea@acme.test' });
    expect(attempts).toEqual([
      expect.objectContaining({ id: leaV1.attempt, version: 1, status: 'passed', score: 100 }),
    ]);
    expect((await app.training.showCourse(owner, 'tiny@1')).version).toBe(1);
    expect((await answerQuiz(lea, 'tiny', 4)).version).toBe(2);
    expect((await app.training.assignments(owner, { user: 'lea@acme.test' }))[0]!.status).toBe('passed');
    expect((await failure(app.training.deleteCourse(owner, 'tiny'))).code).toBe('TRAINING.HAS_ATTEMPTS');
  });

  it('roles: viewers and consultants cannot author, viewers cannot assign, tokens take no course', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const consultant = await member('lea@acme.test', 'consultant');
    const viewer = await member('max@acme.test', 'viewer');
    expect((await failure(app.training.importCourse(consultant, fixture('tiny.yaml')))).code).toBe('AUTH.FORBIDDEN');
    expect((await failure(app.training.assign(viewer, { course: 'tiny', all: true, due: '2027-04-30' }))).code).toBe(
      'AUTH.FORBIDDEN',
    );
    await app.training.assign(consultant, { course: 'tiny', all: true, due: '2027-04-30' });
    expect((await failure(app.training.overdue(viewer))).code).toBe('AUTH.FORBIDDEN');
    expect((await app.training.assignments(viewer)).map((r) => r.email)).toEqual(['max@acme.test']);
    expect(
      (
        await failure(
          app.training.record(consultant, {
            user: 'max@acme.test',
            course: 'tiny',
            score: '90',
            completedAt: '2027-03-01',
          }),
        )
      ).code,
    ).toBe('AUTH.FORBIDDEN');
    const recorded = await app.training.record(owner, {
      user: 'max@acme.test',
      course: 'tiny',
      score: '90',
      completedAt: '2027-03-01',
    });
    expect(recorded).toMatchObject({ status: 'passed', score: 90, source: 'record' });
    expect(
      (
        await failure(
          app.training.record(owner, {
            user: 'max@acme.test',
            course: 'tiny',
            score: '101',
            completedAt: '2027-03-01',
          }),
        )
      ).code,
    ).toBe('TRAINING.BAD_RECORD');
    const token = await app.auth.createToken(owner, { name: 'ci', role: 'admin' });
    const ci = await app.auth.authenticate({ apiToken: token.secret });
    expect((await failure(app.training.startQuiz(ci, 'tiny'))).code).toBe('TRAINING.NEEDS_USER');
  });

  it('certificates: valid, a byte-changed copy is not ours, revoked after the attempt is annulled; evidence per requirement', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const lea = await member('lea@acme.test', 'viewer');
    await app.training.assign(owner, { course: 'tiny', all: true, due: '2027-04-30' });
    const failed = await answerQuiz(lea, 'tiny', 1);
    expect((await failure(app.training.certificate(lea, failed.attempt))).code).toBe('TRAINING.NOT_PASSED');
    const passed = await answerQuiz(lea, 'tiny', 4);
    const issued = await app.training.certificate(lea, passed.attempt, 'es');
    const file = join(dir, 'cert.pdf');
    writeFileSync(file, issued.bytes);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Certificado de aprovechamiento');
    expect(text).toContain('Curso mínimo');
    expect(text).toContain('Acme');
    expect(text).toContain('100 %');
    expect(text).toContain(issued.certificate);
    expect(text.replace(/\s+/g, '')).toContain(issued.dataHash);
    expect(await app.training.verify(lea, file)).toMatchObject({ verdict: 'valid', certificate: issued.certificate });

    const tampered = join(dir, 'tampered.pdf');
    const bytes = Buffer.from(readFileSync(file));
    const at = bytes.indexOf('Acme');
    bytes[at] = 'B'.charCodeAt(0);
    writeFileSync(tampered, bytes);
    expect(await app.training.verify(owner, tampered)).toMatchObject({ verdict: 'not-ours' });
    const stranger = join(dir, 'stranger.pdf');
    writeFileSync(stranger, '%PDF-1.3\n%%EOF\n');
    expect((await app.training.verify(owner, stranger)).problem).toMatch(/no renfe certificate id/);

    // Another organisation's database does not know it.
    const other = await app.auth.createOrganization(owner, { name: 'Other' });
    const inOther = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: other.slug,
    });
    expect((await app.training.verify(inOther, file)).verdict).toBe('not-ours');

    const evidence = await app.training.evidence(owner, ['iso27001-2022:A.6.3']);
    expect(evidence).toEqual([
      expect.objectContaining({
        requirement: 'iso27001-2022:A.6.3',
        courses: ['tiny@1'],
        assigned: 2,
        completed: 1,
        passed: 1,
        completionRate: 50,
      }),
    ]);

    await app.training.annul(owner, passed.attempt);
    expect(await app.training.verify(owner, file)).toMatchObject({
      verdict: 'revoked',
      certificate: issued.certificate,
    });
    expect((await failure(app.training.annul(owner, passed.attempt))).code).toBe('TRAINING.ANNULLED');
    expect((await failure(app.training.certificate(owner, passed.attempt))).code).toBe('TRAINING.ANNULLED');
    expect((await app.training.evidence(owner))[0]).toMatchObject({ passed: 0 });
  });

  it("counts courses, not versions, against the plan's courses limit, and keeps organisations apart", async () => {
    const plans = fileURLToPath(new URL('../../../plans/plans.yaml', import.meta.url));
    const limited = await testApp(db, new TestClock('2027-03-10T09:15:00.000Z'), 'current', { plansFile: plans });
    try {
      const admin = await signIn(limited.app, 'ana@acme.test');
      for (const name of ['phishing', 'passwords-mfa', 'gdpr-personal-data'])
        await limited.app.training.importCourse(admin, name);
      const over = await failure(limited.app.training.importCourse(admin, fixture('tiny.yaml')));
      expect(over.code).toBe('BILLING.LIMIT_REACHED');
      expect(over.message).toMatch(/courses is 3 of 3 on the free plan/);
      expect((await limited.app.training.listCourses(admin)).length).toBe(3);
      // A new version of a course already counted is not a new course.
      const edited = join(dir, 'phishing');
      const { cpSync } = await import('node:fs');
      cpSync(fileURLToPath(new URL('../../../courses/phishing', import.meta.url)), edited, { recursive: true });
      writeFileSync(
        join(edited, 'course.yaml'),
        readFileSync(join(edited, 'course.yaml'), 'utf8').replace('minutes: 20', 'minutes: 25'),
      );
      expect(await limited.app.training.importCourse(admin, edited)).toMatchObject({ version: 2, outcome: 'imported' });
    } finally {
      await limited.app.close();
    }

    // Another organisation sees none of this one's courses, assignments or attempts.
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    await app.training.assign(owner, { course: 'tiny', all: true, due: '2027-04-30' });
    const passed = await answerQuiz(owner, 'tiny', 4);
    const other = await app.auth.createOrganization(owner, { name: 'Other' });
    const inOther = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: other.slug,
    });
    expect((await app.training.listCourses(inOther)).map((c) => c.course)).toEqual([]);
    expect(await app.training.assignments(inOther)).toEqual([]);
    expect(await app.training.attempts(inOther)).toEqual([]);
    expect((await failure(app.training.annul(inOther, passed.attempt))).code).toBe('TRAINING.ATTEMPT_NOT_FOUND');
    expect((await failure(app.training.certificate(inOther, passed.attempt))).code).toBe('TRAINING.ATTEMPT_NOT_FOUND');
    expect((await failure(app.training.showCourse(inOther, 'tiny'))).code).toBe('TRAINING.NOT_FOUND');
  });

  it('deletes a version or a whole course nobody took, with its assignments', async () => {
    await app.training.importCourse(owner, fixture('tiny.yaml'));
    const edited = join(dir, 'tiny.yaml');
    writeFileSync(edited, readFileSync(fixture('tiny.yaml'), 'utf8').replace('minutes: 5', 'minutes: 6'));
    await app.training.importCourse(owner, edited);
    await app.training.assign(owner, { course: 'tiny', all: true, due: '2027-04-30' });
    expect(await app.training.deleteCourse(owner, 'tiny@2')).toEqual({ deleted: ['tiny@2'] });
    expect((await app.training.showCourse(owner, 'tiny')).versions).toEqual([1]);
    expect((await app.training.assignments(owner)).length).toBe(1);
    expect(await app.training.deleteCourse(owner, 'tiny')).toEqual({ deleted: ['tiny@1'] });
    expect(await app.training.listCourses(owner)).toEqual([]);
    expect(await app.training.assignments(owner)).toEqual([]);
    expect((await failure(app.training.deleteCourse(owner, 'tiny'))).code).toBe('TRAINING.NOT_FOUND');
  });
});
