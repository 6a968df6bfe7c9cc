import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../../src/composition.js';
import type { Principal } from '../../src/kernel/principal.js';
import { PASSWORD, testApp } from '../support/app.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import {
  applyAll,
  casesOn,
  describeTally,
  expectSafe,
  mutated,
  newTally,
  preview,
  readRepoFile,
  repoFile,
  runProperty,
  scratch,
} from './fuzz-support.js';

const DEFINITIONS = [
  'surveys/security-culture.yaml',
  'surveys/phishing-awareness.yaml',
  'tests/contexts/survey/fixtures/all-types.yaml',
  'tests/contexts/survey/fixtures/named.yaml',
];
const RESPONSES = ['tests/contexts/survey/fixtures/google-forms.csv'];

describe.each(DIALECTS)('survey files fuzzed on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let surveyId: string;
  const files = scratch();

  beforeAll(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Fuzz', email: 'fuzz@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    const created = await app.survey.create(owner, repoFile('tests/contexts/survey/fixtures/all-types.yaml'));
    await app.survey.publish(owner, created.survey);
    surveyId = created.survey;
  });

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      await database?.drop();
      files.done();
    }
  });

  it('survey create --from: never a crash, a documented exit code, one line, nothing written on refusal', async () => {
    const texts = DEFINITIONS.map(readRepoFile);
    const tally = newTally();
    let n = 0;
    await runProperty(mutated(texts), casesOn(dialect.name, 300), async ({ source, mutations }) => {
      const text = applyAll(texts[source]!, mutations);
      const path = files.write(`survey-${n++}.yaml`, text);
      await expectSafe(
        app,
        tally,
        () => app.survey.create(owner, path),
        () => `${DEFINITIONS[source]} ${JSON.stringify(mutations).slice(0, 400)} -> ${preview(text)}`,
      );
    });
    console.log(describeTally(`survey definition on ${dialect.name}`, tally));
  }, 120_000);

  it('survey import: never a crash, a documented exit code, one line, nothing written on refusal', async () => {
    const texts = RESPONSES.map(readRepoFile);
    const tally = newTally();
    let n = 0;
    await runProperty(mutated(texts), casesOn(dialect.name, 400), async ({ source, mutations }) => {
      const text = applyAll(texts[source]!, mutations);
      const path = files.write(`responses-${n++}.csv`, text);
      await expectSafe(
        app,
        tally,
        () => app.survey.import(owner, surveyId, { path }),
        () => `${RESPONSES[source]} ${JSON.stringify(mutations).slice(0, 400)} -> ${preview(text)}`,
      );
    });
    console.log(describeTally(`survey responses CSV on ${dialect.name}`, tally));
  }, 120_000);
});
