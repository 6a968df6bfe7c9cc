import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { walkRequirements } from '../../../src/contexts/assessment/domain/catalog.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, testApp } from '../../support/app.js';

const failure = (p: Promise<unknown>): Promise<{ code: string | undefined; message: string }> =>
  p.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }),
  );

const DIMENSIONS = { C: 'alta', I: 'basica', T: 'basica', A: 'basica', D: 'na' };

describe.each(DIALECTS)('dimension levels, optional domains and mapping links on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let tmp: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    tmp = mkdtempSync(join(tmpdir(), 'renfe-scope-'));
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterEach(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('records the system dimension levels, derives the category and asks exactly what applies', async () => {
    const byDims = await app.assessment.create(owner, {
      subject: 'Sede',
      frameworks: ['ens-2022'],
      dimensions: DIMENSIONS,
    });
    const alta = await app.assessment.create(owner, { subject: 'Sede', frameworks: ['ens-2022'], level: 'alta' });
    const shown = await app.assessment.show(owner, byDims.id);
    expect(shown.scope).toMatchObject({ level: 'alta', dimensions: DIMENSIONS });
    const asked = new Set((await app.assessment.questions(owner, byDims.id)).map((q) => q.question));
    const askedAlta = new Set((await app.assessment.questions(owner, alta.id)).map((q) => q.question));
    expect(asked.size).toBeLessThan(askedAlta.size);
    for (const q of ['mp.com.2.r3.Q1', 'op.acc.2.r1.Q1', 'op.pl.2.r3.Q1']) expect(asked).toContain(q);
    for (const q of ['op.cont.2.Q1', 'mp.com.3.r1.Q1', 'op.acc.1.r1.Q1']) {
      expect(asked).not.toContain(q);
      expect(askedAlta).toContain(q);
    }
    // Scoring reads the same scope as the questionnaire.
    const [score] = await app.assessment.scores(owner, byDims.id);
    expect(score?.requirements.map((r) => r.id)).not.toContain('op.cont.2');
    expect(score?.requirements.map((r) => r.id)).toContain('mp.com.2.r3');
  });

  it('refuses dimension levels that do not fit, naming what is wrong, and stores nothing', async () => {
    const tries: [Record<string, unknown>, RegExp][] = [
      [{ dimensions: { C: 'alta' } }, /no level for I, T, A, D/],
      [{ dimensions: { ...DIMENSIONS, X: 'alta' } }, /--dimensions X: ens-2022 has dimensions C, I, T, A, D/],
      [{ dimensions: { ...DIMENSIONS, C: 'high' } }, /C=high: expected one of basica, media, alta, na/],
      [{ dimensions: { C: 'na', I: 'na', T: 'na', A: 'na', D: 'na' } }, /at least one needs a level/],
      [{ dimensions: DIMENSIONS, level: 'media' }, /--level media: the dimension levels give category alta/],
    ];
    for (const [extra, message] of tries) {
      const f = await failure(app.assessment.create(owner, { subject: 'X', frameworks: ['ens-2022'], ...extra }));
      expect(f.code).toBe('ASSESSMENT.BAD_SCOPE');
      expect(f.message).toMatch(message);
    }
    const noDims = await failure(
      app.assessment.create(owner, { subject: 'X', frameworks: ['nist-csf-2.0'], dimensions: DIMENSIONS }),
    );
    expect(noDims.message).toMatch(/none of the frameworks has security dimensions/);
    expect(await app.assessment.list(owner)).toHaveLength(0);
  });

  it('keeps the stored ENS and CSF catalogs as the files have them: dimensions, reinforcements, NIST text, short titles', async () => {
    await app.assessment.create(owner, { subject: 'Both', frameworks: ['ens-2022', 'nist-csf-2.0'] });
    const ens = await app.assessment.showFramework(owner, 'ens-2022');
    expect(ens.dimensions?.map((d) => d.id)).toEqual(['C', 'I', 'T', 'A', 'D']);
    const ensNodes = [...walkRequirements(ens.requirements)].map((w) => w.requirement);
    expect(ensNodes.find((r) => r.id === 'mp.com.2.r3')).toMatchObject({ applicability: ['alta'], dimensions: ['C'] });
    expect(ensNodes.filter((r) => /\.r\d+$/.test(r.id))).toHaveLength(133);
    const csf = await app.assessment.showFramework(owner, 'nist-csf-2.0');
    const sub = [...walkRequirements(csf.requirements)].find((w) => w.requirement.id === 'PR.DS-11')?.requirement;
    expect(sub?.title.en).toBe('Backups of data are created, protected, maintained, and tested');
    expect(sub?.shortTitle?.en).toBeTruthy();
  });

  it('leaves ISO clauses 4 to 10 out unless the scope names them', async () => {
    const annex = await app.assessment.create(owner, { subject: 'ISMS', frameworks: ['iso27001-2022'] });
    const withClauses = await app.assessment.create(owner, {
      subject: 'ISMS',
      frameworks: ['iso27001-2022'],
      domains: ['A.5', 'A.6', 'A.7', 'A.8', 'clauses'],
    });
    const domainsOf = async (id: string) => new Set((await app.assessment.questions(owner, id)).map((q) => q.domain));
    expect(await domainsOf(annex.id)).toEqual(new Set(['A.5', 'A.6', 'A.7', 'A.8']));
    expect(await domainsOf(withClauses.id)).toEqual(new Set(['A.5', 'A.6', 'A.7', 'A.8', 'clauses']));
  });

  it('reports the links of an imported mapping set that found no requirement', async () => {
    const file = join(tmp, 'csf-to-iso.yaml');
    writeFileSync(
      file,
      [
        'id: csf-to-iso-extra',
        'source: {framework: nist-csf-2.0, version: "2.0"}',
        'target: {framework: iso27001-2022, version: "2022"}',
        'mappings:',
        '  - {source: GV.OV-03, target: "9.1", relationship: intersect}',
        '  - {source: GV.OV-03, target: "A.99.1", relationship: equal}',
        '  - {source: GV.XX-01, target: "A.5.1", relationship: equal}',
        '',
      ].join('\n'),
    );
    const result = await app.assessment.importFramework(owner, { path: file, format: 'renfe-mapping' });
    expect(result.mappingSets).toEqual([{ id: 'csf-to-iso-extra', mappings: 3, unresolved: 2 }]);
    expect(result.warnings).toEqual([
      'mapping set csf-to-iso-extra: 2 of 3 links found no requirement: iso27001-2022 A.99.1, nist-csf-2.0 GV.XX-01',
    ]);
  });
});
