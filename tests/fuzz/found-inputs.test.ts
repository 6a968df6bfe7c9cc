import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/composition.js';
import { readAnswerRows } from '../../src/contexts/assessment/adapters/cli/answer-file.js';
import type { Principal } from '../../src/kernel/principal.js';
import { PASSWORD, testApp } from '../support/app.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { readRepoFile, repoFile, rowCounts, scratch } from './fuzz-support.js';

/** Inputs the importer fuzzing found crashing, kept as plain tests. */
async function refusal(
  p: Promise<unknown>,
): Promise<{ code?: string | undefined; kind?: string | undefined; message: string }> {
  try {
    await p;
  } catch (error) {
    const e = error as { code?: string; kind?: string; message: string };
    return { code: e.code, kind: e.kind, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe.each(DIALECTS)('inputs found by fuzzing, on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let files: ReturnType<typeof scratch>;

  beforeEach(async () => {
    database = await dialect.fresh();
    files = scratch();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Fuzz', email: 'fuzz@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });
  afterEach(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
      files.done();
    }
  });

  it('a catalog whose alias names an anchor set nowhere is bad input, not a crash', async () => {
    const text = `${readRepoFile('tests/contexts/assessment/fixtures/upgrade/acme-v2.yaml')}\nlater: [*b4]\n`;
    const before = await rowCounts(app);
    const e = await refusal(app.assessment.importFramework(owner, { path: files.write('unset-anchor.yaml', text) }));
    expect(e).toMatchObject({ code: 'FRAMEWORK.INVALID', kind: 'invalid-input' });
    expect(e.message).toMatch(/unset-anchor\.yaml: .*Unresolved alias.*b4/);
    expect(await rowCounts(app)).toEqual(before);
  });

  it('an answers file whose JSON error quotes several lines is refused in one line', async () => {
    const created = await app.assessment.create(owner, { subject: 'S', frameworks: ['nist-csf-2.0'], domains: ['RC'] });
    const path = files.write(
      'answers.json',
      '{\n  "answers": [\n    {"question": "RC.RP-01.Q1", "value": "yes"}\n  ]\n}\nbomb0: x\n',
    );
    const e = await refusal(
      (async () => app.assessment.importAnswers(owner, created.id, await readAnswerRows(path)))(),
    );
    expect(e).toMatchObject({ code: 'ANSWERS.SYNTAX', kind: 'invalid-input' });
    expect(e.message).toContain(`${path}: not valid JSON (`);
    expect(e.message).not.toMatch(/\n/);
  });

  it('survey files with an alias bomb or an alias of an unset anchor are bad input', async () => {
    const base = readRepoFile('tests/contexts/survey/fixtures/all-types.yaml');
    const bomb = [
      'b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 6 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`),
    ].join('\n');
    const before = await rowCounts(app);
    const bombed = await refusal(app.survey.create(owner, files.write('bomb.yaml', `${base}\n${bomb}\n`)));
    expect(bombed).toMatchObject({ code: 'SURVEY.INVALID', kind: 'invalid-input' });
    expect(bombed.message).toMatch(/bomb\.yaml: more than 100 YAML alias expansions/);
    const unset = await refusal(app.survey.create(owner, files.write('unset.yaml', `${base}\nlater: [*nowhere]\n`)));
    expect(unset).toMatchObject({ code: 'SURVEY.INVALID' });
    expect(unset.message).toMatch(/unset\.yaml: .*alias.*nowhere/i);
    expect(await rowCounts(app)).toEqual(before);
  });

  it('a course file with an alias bomb is bad input', async () => {
    const base = readRepoFile('tests/contexts/training/fixtures/tiny.yaml');
    const bomb = [
      'b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 6 }, (_, i) => `b${i + 1}: &b${i + 1} [${Array(10).fill(`*b${i}`).join(', ')}]`),
    ].join('\n');
    const before = await rowCounts(app);
    const e = await refusal(app.training.importCourse(owner, files.write('bomb.yaml', `${base}\n${bomb}\n`)));
    expect(e).toMatchObject({ code: 'TRAINING.INVALID', kind: 'invalid-input' });
    expect(e.message).toMatch(/bomb\.yaml: more than 100 YAML alias expansions/);
    expect(await rowCounts(app)).toEqual(before);
  });

  it('a form row choosing two options the survey does not list keeps both texts under "other"', async () => {
    const created = await app.survey.create(owner, repoFile('tests/contexts/survey/fixtures/all-types.yaml'));
    await app.survey.publish(owner, created.survey);
    const csv = readRepoFile('tests/contexts/survey/fixtures/google-forms.csv').replace(
      '"Email, Printer"',
      '"Emxil, Printer"',
    );
    const done = await app.survey.import(owner, created.survey, { path: files.write('forms.csv', csv) });
    expect(done.imported).toBe(3);
    const stored = await app.handle.db.selectFrom('survey_responses').select('answers').execute();
    const others = stored.flatMap((r) =>
      ((JSON.parse(r.answers ?? '{}') as Record<string, [string, number | null, string | null][]>).mc ?? [])
        .filter(([item]) => item === 'other')
        .map(([, , text]) => ({ text })),
    );
    expect(others.map((o) => o.text).sort()).toEqual(['Emxil, Printer']);
  });
});
