import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Course files: one YAML file, or a folder whose course.yaml is mutated (its Markdown modules kept). */
const SINGLE = ['courses/gdpr-personal-data.yaml', 'tests/contexts/training/fixtures/tiny.yaml'];
const FOLDER = 'courses/phishing';

describe.each(DIALECTS)('course files fuzzed on $name', (dialect) => {
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

  it('training import: never a crash, a documented exit code, one line, nothing written on refusal', async () => {
    const sources = [...SINGLE.map(readRepoFile), readRepoFile(`${FOLDER}/course.yaml`)];
    const tally = newTally();
    let n = 0;
    await runProperty(mutated(sources), casesOn(dialect.name, 250), async ({ source, mutations }) => {
      const text = applyAll(sources[source]!, mutations);
      let path: string;
      if (source < SINGLE.length) path = files.write(`course-${n++}.yaml`, text);
      else {
        path = join(files.dir, `folder-${n++}`);
        cpSync(repoFile(FOLDER), path, { recursive: true });
        writeFileSync(join(path, 'course.yaml'), text);
      }
      await expectSafe(
        app,
        tally,
        () => app.training.importCourse(owner, path),
        () =>
          `${source < SINGLE.length ? SINGLE[source] : FOLDER} ${JSON.stringify(mutations).slice(0, 400)} -> ${preview(text)}`,
      );
    });
    console.log(describeTally(`course files on ${dialect.name}`, tally));
  }, 120_000);
});
