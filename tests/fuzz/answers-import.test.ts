import { afterAll, beforeAll, describe, it } from 'vitest';
import type { App } from '../../src/composition.js';
import { readAnswerRows } from '../../src/contexts/assessment/adapters/cli/answer-file.js';
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
  runProperty,
  scratch,
} from './fuzz-support.js';

/** Answer files as people write them for NIST CSF 2.0 domain RC: CSV (both separators) and JSON. */
const SOURCES = [
  {
    extension: 'csv',
    text: [
      'question,value,note',
      'RC.RP-01.Q1,Sí,Plan approved in 2025',
      'RC.RP-02.Q1,4,',
      'RC.RP-03.Q1,,',
      'RC.RP-04.Q1,partial,"Quoted, with a comma"',
      'RC.RP-05.Q1,n/a,',
      'RC.RP-06.Q1,yes,',
      'RC.RP-06.Q2,3,',
      'nist-csf-2.0:RC.CO-03.Q1,no,',
    ].join('\n'),
  },
  {
    extension: 'csv',
    text: ['framework;question;value', 'nist-csf-2.0;RC.RP-01.Q1;yes', 'nist-csf-2.0;RC.CO-04.Q1;no'].join('\n'),
  },
  {
    extension: 'json',
    text: JSON.stringify(
      {
        answers: [
          { question: 'RC.RP-04.Q1', value: 'partial', note: 'Only for the main site' },
          { framework: 'nist-csf-2.0', question: 'RC.RP-05.Q1', value: null },
          { question: 'RC.RP-02.Q1', value: 5 },
          { question: 'RC.RP-01.Q1', value: 'no', note: null },
        ],
      },
      null,
      2,
    ),
  },
];

describe.each(DIALECTS)('answer files fuzzed on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let assessmentId: string;
  const files = scratch();

  beforeAll(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Fuzz', email: 'fuzz@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
    const created = await app.assessment.create(owner, {
      subject: 'Fuzzed answers',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    });
    assessmentId = created.id;
  });

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      await database?.drop();
      files.done();
    }
  });

  it('assessment import-answers: never a crash, a documented exit code, one line, nothing written on refusal', async () => {
    const tally = newTally();
    let n = 0;
    await runProperty(
      mutated(SOURCES.map((s) => s.text)),
      casesOn(dialect.name, 400),
      async ({ source, mutations }) => {
        const { extension, text: original } = SOURCES[source]!;
        const text = applyAll(original, mutations);
        const path = files.write(`answers-${n++}.${extension}`, text);
        await expectSafe(
          app,
          tally,
          async () => app.assessment.importAnswers(owner, assessmentId, await readAnswerRows(path)),
          () => `${extension} ${JSON.stringify(mutations).slice(0, 400)} -> ${preview(text)}`,
        );
      },
    );
    console.log(describeTally(`answers CSV/JSON on ${dialect.name}`, tally));
  }, 120_000);
});
