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

/** The framework importers, each fed mutated copies of real files. */
const IMPORTERS: readonly {
  name: string;
  sources: readonly string[];
  extension: string;
  format?: string;
  catalogPath?: string;
  cases: number;
}[] = [
  {
    name: 'renfe YAML catalog',
    sources: [
      'tests/contexts/assessment/fixtures/upgrade/acme-v1.yaml',
      'tests/contexts/assessment/fixtures/upgrade/acme-v2.yaml',
      'frameworks/gdpr.yaml',
    ],
    extension: 'yaml',
    cases: 200,
  },
  {
    name: 'OSCAL catalog',
    sources: ['tests/contexts/assessment/fixtures/oscal/nist-mini-catalog.json'],
    extension: 'json',
    cases: 300,
  },
  {
    name: 'OSCAL profile',
    sources: [
      'tests/contexts/assessment/fixtures/oscal/mini-moderate-profile.json',
      'tests/contexts/assessment/fixtures/oscal/back-matter-profile.json',
    ],
    extension: 'json',
    catalogPath: repoFile('tests/contexts/assessment/fixtures/oscal/nist-mini-catalog.json'),
    cases: 300,
  },
  {
    name: 'CISO Assistant library',
    sources: [
      'tests/contexts/assessment/fixtures/ciso/demo-isms-library.yaml',
      'tests/contexts/assessment/fixtures/ciso/quirks-library.yaml',
      'tests/contexts/assessment/fixtures/ciso/iso-to-csf-mapping.yaml',
      'tests/contexts/assessment/fixtures/ciso/quirks-mapping.yaml',
    ],
    extension: 'yaml',
    // Mapping sets are resolved against the shipped catalogs, so a case costs ~90 ms.
    cases: 150,
  },
  {
    name: 'CSV catalog',
    sources: [
      'tests/contexts/assessment/fixtures/csv/good.csv',
      'tests/contexts/assessment/fixtures/csv/semicolon.csv',
    ],
    extension: 'csv',
    cases: 300,
  },
];

describe.each(DIALECTS)('framework importers fuzzed on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  const files = scratch();

  beforeAll(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Fuzz', email: 'fuzz@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      await database?.drop();
      files.done();
    }
  });

  for (const importer of IMPORTERS) {
    it(`${importer.name}: never a crash, a documented exit code, one line, nothing written on refusal`, async () => {
      const texts = importer.sources.map(readRepoFile);
      const tally = newTally();
      let n = 0;
      await runProperty(mutated(texts), casesOn(dialect.name, importer.cases), async ({ source, mutations }) => {
        const text = applyAll(texts[source]!, mutations);
        const path = files.write(`case-${n++}.${importer.extension}`, text);
        await expectSafe(
          app,
          tally,
          () =>
            app.assessment.importFramework(owner, {
              path,
              ...(importer.catalogPath ? { catalogPath: importer.catalogPath } : {}),
            }),
          () => `${importer.sources[source]} ${JSON.stringify(mutations).slice(0, 400)} -> ${preview(text)}`,
        );
      });
      console.log(describeTally(`${importer.name} on ${dialect.name}`, tally));
    }, 120_000);
  }
});
