import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { DEFAULT_BRANDING } from '../../../src/contexts/reporting/domain/template.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { PASSWORD, signIn, testApp } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { reportSchemaErrors } from '../../support/report-schema.js';

// A 1×1 PNG.
const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe.each(DIALECTS)('report use cases on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let dir: string;
  let assessmentId: string;

  const generate = (principal: Principal, overrides: Record<string, unknown> = {}) =>
    app.reporting.generate(principal, {
      assessmentId,
      template: 'full',
      format: 'json',
      out: join(dir, 'report.json'),
      language: 'en',
      ai: false,
      includeSubject: false,
      branding: DEFAULT_BRANDING,
      ...overrides,
    });

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    dir = mkdtempSync(join(tmpdir(), 'renfe-report-'));
    ({ id: assessmentId } = await app.assessment.create(owner, {
      subject: 'Plant',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    }));
    for (const [q, v] of [
      ['RC.RP-01.Q1', 'yes'],
      ['RC.RP-02.Q1', '2'],
      ['RC.RP-03.Q1', 'no'],
      ['RC.RP-04.Q1', 'partial'],
    ]) {
      await app.assessment.answer(owner, {
        assessmentId,
        question: q as string,
        value: v,
        note: q === 'RC.RP-03.Q1' ? 'No restore test in 2026' : undefined,
      });
    }
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the versioned JSON export with every answer and note, and records it', async () => {
    const result = await generate(owner);
    const json = JSON.parse(readFileSync(result.file, 'utf8'));
    expect(json.schema).toBe('renfe.report/v1');
    expect(reportSchemaErrors(json)).toEqual([]);
    expect(json.organisation).toEqual({ name: 'Acme', slug: 'acme' });
    expect(json.assessment).toMatchObject({ id: assessmentId, subject: 'Plant', status: 'in_progress' });
    const questions = json.frameworks[0].requirements.flatMap((r: { questions: unknown[] }) => r.questions);
    expect(questions.find((q: { id: string }) => q.id === 'RC.RP-03.Q1')).toMatchObject({
      value: 'no',
      answer: 'No',
      note: 'No restore test in 2026',
    });
    expect(questions.find((q: { id: string }) => q.id === 'RC.RP-02.Q1')).toMatchObject({
      value: 2,
      answer: '2 · Repeatable',
    });
    expect(json.findings.map((f: { requirement: string }) => f.requirement)).toContain('RC.RP-03');
    expect(json.narrative.source).toBe('deterministic');
    expect(json.dataHash).toBe(result.dataHash);

    const listed = await app.reporting.list(owner);
    expect(listed).toEqual([
      expect.objectContaining({
        id: result.id,
        assessment: assessmentId,
        template: 'full',
        format: 'json',
        fileHash: result.fileHash,
      }),
    ]);
    const audit = await app.audit.list(owner, { action: 'report.generated' });
    expect(audit[0]?.details).toMatchObject({ report: result.id, fileHash: result.fileHash });
  });

  it('verify tells our unchanged reports from edited files and from reports whose data changed', async () => {
    const result = await generate(owner);
    await expect(app.reporting.verify(owner, result.file)).resolves.toMatchObject({
      produced: true,
      dataUnchanged: true,
    });

    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(result.file, 'utf8').replace('"Plant"', '"Plant B"'));
    await expect(app.reporting.verify(owner, edited)).resolves.toMatchObject({ produced: false, report: null });

    await app.assessment.answer(owner, { assessmentId, question: 'RC.RP-03.Q1', value: 'yes' });
    const after = await app.reporting.verify(owner, result.file);
    expect(after).toMatchObject({ produced: true, dataUnchanged: false });
    expect(after.currentDataHash).not.toBe(result.dataHash);
  });

  it('the score gate reports below-threshold but still writes the file', async () => {
    const low = await generate(owner, { failUnder: 99 });
    expect(low.belowThreshold).toBe(true);
    expect(existsSync(low.file)).toBe(true);
    expect(low.compliance).toBeGreaterThan(0);
    const ok = await generate(owner, { failUnder: 1, out: join(dir, 'ok.json') });
    expect(ok.belowThreshold).toBe(false);
  });

  it('refuses bad options before writing anything', async () => {
    const out = join(dir, 'never.json');
    await expect(generate(owner, { format: 'docx', out })).rejects.toMatchObject({ code: 'REPORT.BAD_FORMAT' });
    await expect(generate(owner, { language: 'fr', out })).rejects.toMatchObject({ code: 'REPORT.BAD_LANGUAGE' });
    await expect(generate(owner, { failUnder: 120, out })).rejects.toMatchObject({ code: 'REPORT.BAD_THRESHOLD' });
    await expect(generate(owner, { template: 'nope', out })).rejects.toMatchObject({ code: 'TEMPLATE.NOT_FOUND' });
    await expect(generate(owner, { assessmentId: 'zzzzzzzz', out })).rejects.toMatchObject({
      code: 'ASSESSMENT.NOT_FOUND',
    });
    expect(existsSync(out)).toBe(false);
    expect(await app.reporting.list(owner)).toEqual([]);
  });

  it('refuses a logo that is missing or not a PNG or JPEG, and an output path that is a folder', async () => {
    const out = join(dir, 'never.pdf');
    const notImage = join(dir, 'logo.png');
    writeFileSync(notImage, 'not an image\n');
    const brand = (logoPath: string) => ({ ...DEFAULT_BRANDING, logoPath });
    await expect(generate(owner, { format: 'pdf', out, branding: brand(notImage) })).rejects.toMatchObject({
      code: 'REPORT.BAD_LOGO',
      message: `logo: ${notImage} is not a PNG or JPEG image`,
    });
    await expect(
      generate(owner, { format: 'pdf', out, branding: brand(join(dir, 'missing.png')) }),
    ).rejects.toMatchObject({ code: 'REPORT.BAD_LOGO', message: expect.stringMatching(/no such file or folder$/) });
    await expect(generate(owner, { format: 'json', out: dir })).rejects.toMatchObject({
      code: 'REPORT.FILE',
      message: `cannot use ${dir}: it is a folder`,
    });
    expect(existsSync(out)).toBe(false);
    expect(await app.reporting.list(owner)).toEqual([]);

    // A real PNG, whatever its name, goes on the cover.
    const png = join(dir, 'brand.img');
    writeFileSync(png, Buffer.from(ONE_PIXEL_PNG, 'base64'));
    await expect(
      generate(owner, { format: 'pdf', template: 'executive', out, branding: brand(png) }),
    ).resolves.toMatchObject({
      format: 'pdf',
    });
    expect(execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' })).toMatch(/\n\s+1\s+\d+\s+image\s+1\s+1\s/);
  });

  it("takes a user's copy of a template by path, and names the place of a mistake in it", async () => {
    const own = join(dir, 'mine.yaml');
    writeFileSync(own, 'id: mine\nname: {en: Mine}\nsections: [cover, findings]\n');
    await expect(generate(owner, { template: own })).resolves.toMatchObject({ template: 'mine' });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: bad\nname: {en: Bad}\nsections: [cover, {type: pie-chart}]\n');
    await expect(generate(owner, { template: bad })).rejects.toThrow(/bad\.yaml: sections\[1\]/);
  });

  it('keeps reports inside the organisation, and a CI token with the viewer role can generate them', async () => {
    const report = await generate(owner);
    const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
    const ownerInBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    await app.auth.addUser(ownerInBeta, { email: 'bob@beta.test', role: 'owner', password: PASSWORD });
    const bob = await signIn(app, 'bob@beta.test');
    await expect(generate(bob, { out: join(dir, 'stolen.json') })).rejects.toMatchObject({
      code: 'ASSESSMENT.NOT_FOUND',
    });
    await expect(app.reporting.verify(bob, report.file)).resolves.toMatchObject({ produced: false });
    expect(await app.reporting.list(bob)).toEqual([]);

    const token = await app.auth.createToken(owner, { name: 'ci', role: 'viewer' });
    const ci = await app.auth.authenticate({ apiToken: token.secret });
    await expect(generate(ci, { out: join(dir, 'ci.json') })).resolves.toMatchObject({ format: 'json' });
  });
});
