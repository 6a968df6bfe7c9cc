import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { mappingSetsFor, versionCovers } from '../../../src/contexts/assessment/application/framework-resolver.js';
import { isAssessable, walkRequirements } from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import type { MappingSet } from '../../../src/contexts/assessment/domain/mapping.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, signIn, testApp } from '../../support/app.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const CISO_ISO = join(FIXTURES, 'ciso/iso27001-2022-library.yaml');
const QUIRKS = join(FIXTURES, 'ciso/quirks-library.yaml');
const DEMO = join(FIXTURES, 'ciso/demo-isms-library.yaml');
const shippedIso = parseCatalog(parse(readFileSync('frameworks/iso27001-2022.yaml', 'utf8')), 'iso27001-2022.yaml');
const assessableCount = (c: { requirements: Parameters<typeof walkRequirements>[0] }) =>
  [...walkRequirements(c.requirements)].filter((w) => isAssessable(w.requirement)).length;

const failure = (p: Promise<unknown>): Promise<{ code?: string; kind?: string; message: string; hint?: string }> =>
  p.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: { code?: string; kind?: string; message: string; hint?: string }) => e,
  );

describe('mapping sets and the versions they declare', () => {
  const set = (source: string | null, target: string | null): MappingSet => ({
    id: `s-${source}-${target}`,
    name: 's',
    source: { framework: 'a', version: source },
    target: { framework: 'b', version: target },
    informative: false,
    author: null,
    description: null,
    mappings: [],
  });

  it('applies a set only to the versions it declares; an imported 2022+r18 is a 2022', () => {
    expect(versionCovers(null, '2022')).toBe(true);
    expect(versionCovers('2022', '2022')).toBe(true);
    expect(versionCovers('2022', '2022+r18')).toBe(true);
    expect(versionCovers('2022', '2013')).toBe(false);
    expect(versionCovers('2022', '20221')).toBe(false);
    const sets = [set('1', '2022'), set('2', '2022'), set(null, '2013'), set(null, null)];
    expect(
      mappingSetsFor(
        sets,
        new Map([
          ['a', '2'],
          ['b', '2022+r18'],
        ]),
      ).map((s) => s.id),
    ).toEqual(['s-2-2022', 's-null-null']);
  });
});

describe.each(DIALECTS)('framework versions on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let tmp: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    tmp = mkdtempSync(join(tmpdir(), 'renfe-versions-'));
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

  it("keeps the shipped iso27001-2022 after CISO Assistant's ISO library is imported", async () => {
    const imported = await app.assessment.importFramework(owner, { path: CISO_ISO });
    expect(imported.framework).toEqual({
      id: 'iso27001-2022',
      version: '2022+r18',
      revision: '18',
      requirements: 2,
      questions: 2,
      plainId: false,
    });

    const plain = await app.assessment.showFramework(owner, 'iso27001-2022');
    expect([plain.version, plain.publisher]).toEqual([shippedIso.version, shippedIso.publisher]);
    expect(assessableCount(plain)).toBe(assessableCount(shippedIso));
    expect((await app.assessment.showFramework(owner, 'iso27001-2022@2022')).version).toBe('2022');
    const own = await app.assessment.showFramework(owner, 'iso27001-2022@2022+r18');
    expect([own.version, own.revision, assessableCount(own)]).toEqual(['2022+r18', '18', 2]);

    const a = await app.assessment.create(owner, { subject: 'ISMS', frameworks: ['iso27001-2022'] });
    expect(a.frameworks).toEqual([{ id: 'iso27001-2022', version: '2022' }]);
    const csf = await app.assessment.create(owner, { subject: 'CSF', frameworks: ['nist-csf-2.0'] });
    expect((await app.assessment.coverage(owner, csf.id, 'iso27001-2022')).target).toEqual({
      id: 'iso27001-2022',
      version: '2022',
    });
    // The shipped CSF → ISO set declares 2022, which the imported 2022+r18 is a revision of.
    const onImport = await app.assessment.coverage(owner, csf.id, 'iso27001-2022@2022+r18');
    expect(onImport.target).toEqual({ id: 'iso27001-2022', version: '2022+r18' });
    expect(onImport.requirements.map((r) => r.requirementId)).toEqual(['A.5.1', 'A.5.2']);

    const list = await app.assessment.listFrameworks(owner);
    expect(list.filter((f) => f.id === 'iso27001-2022').map((f) => [f.version, f.revision, f.scope])).toEqual([
      ['2022', null, 'shared'],
      ['2022+r18', '18', 'organisation'],
    ]);

    expect(await failure(app.assessment.importFramework(owner, { path: CISO_ISO }))).toMatchObject({
      code: 'FRAMEWORK.VERSION_EXISTS',
      kind: 'conflict',
    });
  });

  it('framework default makes a version what the plain id means, and the shipped version undoes it', async () => {
    await app.assessment.importFramework(owner, { path: CISO_ISO });
    expect(await app.assessment.setFrameworkDefault(owner, 'iso27001-2022@2022+r18')).toEqual({
      id: 'iso27001-2022',
      version: '2022+r18',
      shipped: false,
    });
    expect((await app.assessment.showFramework(owner, 'iso27001-2022')).version).toBe('2022+r18');
    const a = await app.assessment.create(owner, { subject: 'ISMS', frameworks: ['iso27001-2022'] });
    expect(a.frameworks).toEqual([{ id: 'iso27001-2022', version: '2022+r18' }]);

    // Another organisation is not affected.
    const beta = await app.auth.createOrganization(owner, { name: 'Beta' });
    const inBeta = await app.auth.authenticate({
      sessionSecret: (await app.auth.login({ email: 'ana@acme.test', password: PASSWORD })).session.token,
      orgSlug: beta.slug,
    });
    expect((await app.assessment.showFramework(inBeta, 'iso27001-2022')).version).toBe('2022');

    expect(await app.assessment.setFrameworkDefault(owner, 'iso27001-2022@2022')).toMatchObject({ shipped: true });
    expect((await app.assessment.showFramework(owner, 'iso27001-2022')).version).toBe('2022');
    const events = await app.audit.list(owner, { limit: 100, action: 'framework.default_set' });
    expect(events).toHaveLength(2);
  });

  it('refuses a default without a version, of an unknown version, or by a consultant', async () => {
    await app.assessment.importFramework(owner, { path: CISO_ISO });
    expect(await failure(app.assessment.setFrameworkDefault(owner, 'iso27001-2022'))).toMatchObject({
      code: 'FRAMEWORK.DEFAULT_VERSION',
      kind: 'invalid-input',
    });
    expect(await failure(app.assessment.setFrameworkDefault(owner, 'iso27001-2022@2019'))).toMatchObject({
      code: 'FRAMEWORK.NOT_FOUND',
      message: 'no framework iso27001-2022@2019 (versions: 2022+r18, 2022)',
    });
    await app.auth.addUser(owner, { email: 'carl@acme.test', role: 'consultant', password: PASSWORD });
    const consultant = await signIn(app, 'carl@acme.test');
    expect(await failure(app.assessment.setFrameworkDefault(consultant, 'iso27001-2022@2022+r18'))).toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect((await app.assessment.showFramework(owner, 'iso27001-2022')).version).toBe('2022');
  });

  it('a plain id with several imported versions and no default is an error that lists them', async () => {
    await app.assessment.importFramework(owner, { path: QUIRKS, id: 'acme' });
    await app.assessment.importFramework(owner, { path: DEMO, id: 'acme' });
    const ambiguous = await failure(app.assessment.showFramework(owner, 'acme'));
    expect(ambiguous).toMatchObject({
      code: 'FRAMEWORK.AMBIGUOUS',
      kind: 'invalid-input',
      message: 'framework acme has 2 versions (1.2, 2024); name one as acme@<version>',
    });
    expect(await failure(app.assessment.create(owner, { subject: 'X', frameworks: ['acme'] }))).toMatchObject({
      code: 'FRAMEWORK.AMBIGUOUS',
    });
    expect((await app.assessment.showFramework(owner, 'acme@1.2')).version).toBe('1.2');
    await app.assessment.setFrameworkDefault(owner, 'acme@2024');
    expect((await app.assessment.showFramework(owner, 'acme')).version).toBe('2024');
  });

  it('ignores a mapping set declared for another version of a framework', async () => {
    const path = join(tmp, 'csf11-to-iso.yaml');
    writeFileSync(
      path,
      [
        'id: csf-1.1-to-iso',
        'source: { framework: nist-csf-2.0, version: "1.1" }',
        'target: { framework: iso27001-2022, version: "2022" }',
        'mappings:',
        '  - { source: RC.CO-04, target: A.5.1, relationship: equal }',
      ].join('\n'),
    );
    await app.assessment.importFramework(owner, { path });
    const csf = await app.assessment.create(owner, { subject: 'CSF', frameworks: ['nist-csf-2.0'] });
    const coverage = await app.assessment.coverage(owner, csf.id, 'iso27001-2022');
    const sets = coverage.requirements.flatMap((r) => r.sources.flatMap((s) => s.path.map((p) => p.mappingSet)));
    expect(sets.length).toBeGreaterThan(0);
    expect(sets).not.toContain('csf-1.1-to-iso');
  });

  it("reads a mapping library's urns as the ids of a CISO Assistant library imported before", async () => {
    await app.assessment.importFramework(owner, { path: QUIRKS });
    const imported = await app.assessment.importFramework(owner, { path: join(FIXTURES, 'ciso/quirks-mapping.yaml') });
    expect(imported.mappingSets.map((s) => s.mappings)).toEqual([3, 1]);
    const rows = await app.handle.db
      .selectFrom('assessment_mappings as m')
      .innerJoin('assessment_mapping_sets as s', 's.id', 'm.set_id')
      .select(['s.source_framework', 'm.source_ref', 'm.target_ref'])
      .orderBy('s.source_framework')
      .orderBy('m.source_ref')
      .execute();
    // `…:quirks-v1.2:b:2` is the node whose id is its ref_id B.2; `…:a:1` kept its urn-derived id.
    expect(rows.map((r) => [r.source_framework, r.source_ref, r.target_ref])).toEqual([
      ['iso27001-2022', 'A.5.1', 'a:1'],
      ['quirks-v1.2', 'B.2', 'A.5.3'],
      ['quirks-v1.2', 'a:1', 'A.5.1'],
      ['quirks-v1.2', 'b:1', 'A.5.2'],
    ]);
  });

  it('stores the label of a repeated reference and where a withdrawn requirement went', async () => {
    await app.assessment.importFramework(owner, { path: QUIRKS });
    const c = await app.assessment.showFramework(owner, 'quirks-v1.2');
    const byId = new Map([...walkRequirements(c.requirements)].map((w) => [w.requirement.id, w.requirement]));
    expect(byId.get('a:1')?.label).toBe('1');
    expect(byId.get('B.2')?.urn).toBe('URN:intuitem:risk:req_node:quirks-v1.2:b:2');
    expect(byId.get('B.3')).toMatchObject({ withdrawn: true, incorporatedInto: ['B.2', 'A.1'] });
    expect(c.revision).toBe('7');
  });
});
