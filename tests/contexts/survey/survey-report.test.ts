import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../src/composition.js';
import { DEFAULT_LOCKOUT } from '../../../src/contexts/auth/index.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { parseDatabaseTarget } from '../../../src/persistence/connect.js';
import { fastHasher, PASSWORD, TestClock, UNLIMITED_PLANS } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const SURVEY = fileURLToPath(new URL('./fixtures/report-survey.yaml', import.meta.url));
const text = (file: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function failure(promise: Promise<unknown>): Promise<{ code?: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

/**
 * Twelve responses worked out by hand:
 * - l1 (Likert 1–5): 5,5,4,4,4,4,4,3,2,1,5,3 → 1:1, 2:1, 3:2, 4:5, 5:3; mean 44/12 = 3.67,
 *   median 4, top-2-box 8/12 = 66.7 %;
 * - n1 (NPS): 10,9,9,10,8,7,6,5,9,10,3,8 → 6 promoters, 3 passives, 3 detractors; NPS (6 − 3)/12 = +25.0;
 * - s1: Operations 5 (41.7 %), IT 4 (33.3 %), Office 3 (25.0 %);
 * - y1: yes 7 (58.3 %), no 5 (41.7 %);
 * - t1: three free-text answers; m1: one "other" answer.
 */
function responsesCsv(rows: number): string {
  const l1 = [5, 5, 4, 4, 4, 4, 4, 3, 2, 1, 5, 3];
  const n1 = [10, 9, 9, 10, 8, 7, 6, 5, 9, 10, 3, 8];
  const s1 = [
    'Operations',
    'Operations',
    'IT',
    'Office',
    'Operations',
    'IT',
    'IT',
    'Office',
    'Operations',
    'IT',
    'Office',
    'Operations',
  ];
  const m1 = [
    'Email;Chat',
    'Email',
    '',
    'Chat',
    'Email;Fax machine',
    'Email',
    '',
    '',
    'Chat',
    'Email',
    '',
    'Email;Chat',
  ];
  const y1 = ['Yes', 'Yes', 'No', 'Yes', 'No', 'Yes', 'Yes', 'No', 'Yes', 'No', 'Yes', 'No'];
  const t1: Record<number, string> = {
    1: 'More phishing drills, please',
    4: 'Los avisos llegan tarde',
    9: 'The VPN drops "every day", fix it',
  };
  const header = [
    'Timestamp',
    'The security rules make sense for my work.',
    'How likely are you to recommend our security team?',
    'Where do you work?',
    'Which tools do you use?',
    'Did you report a suspicious message this year?',
    'Anything else?',
  ];
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [header.map(quote).join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [`2027-03-0${1 + (i % 9)} 10:00:00`, String(l1[i]), String(n1[i]), s1[i], m1[i], y1[i], t1[i] ?? '']
        .map((v) => quote(v ?? ''))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe.each(DIALECTS)('survey report on $name', (dialect) => {
  let db: TestDatabase;
  let app: App;
  let owner: Principal;
  let dir: string;

  beforeEach(async () => {
    db = await dialect.fresh();
    dir = mkdtempSync(join(tmpdir(), 'renfe-survey-report-'));
    app = await openApp({
      target: parseDatabaseTarget(db.url),
      schema: 'migrate',
      clock: new TestClock('2027-03-10T09:15:00.000Z'),
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

  async function seeded(rows = 12) {
    const { survey } = await app.survey.create(owner, SURVEY);
    await app.survey.publish(owner, survey);
    const csv = join(dir, 'responses.csv');
    writeFileSync(csv, responsesCsv(rows));
    await app.survey.import(owner, survey, { path: csv });
    return survey;
  }
  const branding = { firmName: 'Acme Consulting', logoPath: null, primaryColor: '#0b6e4f' };
  const generate = (survey: string, out: string, language = 'en', template = 'survey') =>
    app.reporting.generateSurvey(owner, { survey, template, out, language, branding });

  it('draws the headline figures, one chart per question, the NPS and the free text, in English', async () => {
    const survey = await seeded();
    const out = join(dir, 'pulse.pdf');
    const result = await generate(survey, out);
    expect(result).toMatchObject({ survey: 'pulse@1', template: 'survey', format: 'pdf', withheld: false });
    const t = flat(text(out));
    expect(t).toContain('Survey results');
    expect(t).toContain('Security pulse (pulse@1)');
    expect(t).toContain('Acme Consulting');
    expect(t).toMatch(/INVITED.*STARTED.*COMPLETED.*RESPONSE RATE/);
    expect(t).toMatch(/0 12 12 –/);
    // Every question's text, numbered, with its figures.
    for (const q of [
      '1. The security rules make sense for my work.',
      '2. How likely are you to recommend our security team?',
      '3. Where do you work?',
      '4. Which tools do you use?',
      '5. Did you report a suspicious message this year?',
      '6. Anything else?',
    ])
      expect(t).toContain(q);
    expect(t).toContain('12 answered · Mean 3.67 · Median 4.0 · Std. dev. 1.23 · Top-2-box 66.7%');
    expect(t).toMatch(/Agree 41\.7% \(5\)/);
    expect(t).toContain('+25.0');
    expect(t).toContain('Promoters (9–10): 6 (50.0%)');
    expect(t).toContain('Passives (7–8): 3 (25.0%)');
    expect(t).toContain('Detractors (0–6): 3 (25.0%)');
    expect(t).toMatch(/Operations 41\.7% · 5/);
    expect(t).toMatch(/Office 25\.0% · 3/);
    expect(t).toMatch(/Yes 58\.3% · 7/);
    expect(t).toContain('3 answers, listed in the appendix.');
    expect(t).toContain('Appendix: free-text answers');
    expect(t).toContain('More phishing drills, please');
    expect(t).toContain('The VPN drops "every day", fix it');
    expect(t).toContain('Fax machine');
    expect(t).toContain(`Data hash (SHA-256) ${result.dataHash}`);
  });

  it('writes the report in Spanish with Spanish numbers', async () => {
    const survey = await seeded();
    const out = join(dir, 'pulso.pdf');
    await generate(survey, out, 'es');
    const t = flat(text(out));
    expect(t).toContain('Resultados de la encuesta');
    expect(t).toContain('Pulso de seguridad');
    expect(t).toContain('1. Las normas de seguridad tienen sentido para mi trabajo.');
    expect(t).toContain('12 respuestas · Media 3,67 · Mediana 4,0 · Desv. típica 1,23 · Top-2-box 66,7 %');
    expect(t).toContain('+25,0');
    expect(t).toContain('Promotores (9–10): 6 (50,0 %)');
    expect(t).toMatch(/Operaciones 41,7 % · 5/);
    expect(t).toMatch(/Sí 58,3 % · 7/);
    expect(t).toContain('Anexo: respuestas de texto libre');
    expect(t).toContain('Los avisos llegan tarde');
    expect(t).toContain('Página 2 de');
  });

  it('is recorded and verifies; a changed byte or new responses are told apart', async () => {
    const survey = await seeded();
    const out = join(dir, 'pulse.pdf');
    const result = await generate(survey, out);
    const listed = await app.reporting.list(owner);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: result.id, assessment: 'survey:pulse@1', template: 'survey', format: 'pdf' });
    expect(await app.reporting.verify(owner, out)).toMatchObject({
      produced: true,
      seal: 'valid',
      dataUnchanged: true,
      report: { id: result.id },
    });
    // The same figures hash alike in both languages.
    expect((await generate(survey, join(dir, 'es.pdf'), 'es')).dataHash).toBe(result.dataHash);

    const bytes = readFileSync(out);
    const at = bytes.indexOf('Security pulse');
    const changed = Buffer.from(bytes);
    changed[at] = 's'.charCodeAt(0);
    const copy = join(dir, 'changed.pdf');
    writeFileSync(copy, changed);
    expect(await app.reporting.verify(owner, copy)).toMatchObject({ produced: false, seal: 'altered' });

    const more = join(dir, 'more.csv');
    writeFileSync(more, responsesCsv(2));
    await app.survey.import(owner, survey, { path: more });
    expect(await app.reporting.verify(owner, out)).toMatchObject({ produced: true, dataUnchanged: false });
  });

  it('shows no figures and no free text under the anonymity threshold', async () => {
    const survey = await seeded(4);
    const out = join(dir, 'few.pdf');
    expect((await generate(survey, out)).withheld).toBe(true);
    const t = flat(text(out));
    expect(t).toContain("Only 4 completed responses: fewer than the survey's anonymity threshold of 5.");
    expect(t).not.toContain('Mean');
    expect(t).not.toContain('Promoters');
    expect(t).not.toContain('More phishing drills');
    expect(t).toContain('Withheld: fewer respondents than the anonymity threshold of 5.');
  });

  it('refuses an assessment template, an unknown survey and a bad language, writing nothing', async () => {
    const survey = await seeded();
    const out = join(dir, 'x.pdf');
    expect(await failure(generate(survey, out, 'en', 'executive'))).toMatchObject({
      code: 'TEMPLATE.INVALID',
      message: expect.stringContaining('sections[1]: expected a section of a survey report'),
    });
    expect((await failure(generate('nope', out))).code).toBe('SURVEY.NOT_FOUND');
    expect((await failure(generate(survey, out, 'fr'))).code).toBe('REPORT.BAD_LANGUAGE');
    expect(await app.reporting.list(owner)).toHaveLength(0);
    // And an assessment report refuses the survey template.
    expect(() => readFileSync(out)).toThrow();
  });
});
