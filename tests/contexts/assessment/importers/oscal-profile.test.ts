import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type OscalSourceResolver,
  resolveOscalProfile,
} from '../../../../src/contexts/assessment/adapters/importers/oscal-profile.js';
import {
  type Catalog,
  isAssessable,
  type Requirement,
  walkRequirements,
} from '../../../../src/contexts/assessment/domain/catalog.js';

const fixtureUrl = (name: string) => new URL(`../fixtures/oscal/${name}`, import.meta.url);
const fixture = (name: string) => readFileSync(fixtureUrl(name), 'utf8');
const profileText = fixture('mini-moderate-profile.json');

/** Serves the fixture files by href, and remembers what was asked. */
function fixtureResolver(extra: Record<string, unknown> = {}): OscalSourceResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve(href) {
      asked.push(href);
      if (href in extra) return { document: extra[href], file: href };
      return existsSync(fixtureUrl(href)) && !href.includes('/') ? { text: fixture(href), file: href } : null;
    },
  };
}

const shape = (rs: readonly Requirement[]): unknown[] =>
  rs.map((r) => (r.children.length > 0 ? { [r.id]: shape(r.children) } : r.id));
const find = (c: Catalog, id: string) =>
  [...walkRequirements(c.requirements)].find((w) => w.requirement.id === id)?.requirement;
const assessableIds = (c: Catalog) =>
  [...walkRequirements(c.requirements)].filter((w) => isAssessable(w.requirement)).map((w) => w.requirement.id);

function resolveError(profile: unknown, resolver: OscalSourceResolver = fixtureResolver()): string {
  try {
    resolveOscalProfile(JSON.stringify(profile), 'bad-profile.json', resolver);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the resolution to fail');
}

describe('resolveOscalProfile', () => {
  it('keeps only the selected controls in their groups, children included where asked, exclusions removed', () => {
    const resolver = fixtureResolver();
    const catalog = resolveOscalProfile(profileText, 'mini-moderate-profile.json', resolver);
    expect(resolver.asked).toEqual(['nist-mini-catalog.json']);
    expect(shape(catalog.requirements)).toEqual([{ ac: ['ac-1', { 'ac-2': ['ac-2.1'] }] }, { au: ['au-2'] }]);
    expect(assessableIds(catalog)).toEqual(['ac-1', 'ac-2', 'ac-2.1', 'au-2']);
    expect(catalog.id).toBe('mini-moderate-baseline');
    expect(catalog.version).toBe('1.0.0');
    expect(catalog.name).toEqual({ en: 'Mini Moderate Baseline' });
  });

  it("writes the profile's parameter values into the prose", () => {
    const catalog = resolveOscalProfile(profileText, 'mini-moderate-profile.json', fixtureResolver());
    const ac1 = find(catalog, 'ac-1')?.description?.en ?? '';
    expect(ac1).toContain('a. Develop, document, and disseminate to the CISO and the IT security team:');
    expect(ac1).toContain('c. Review and update the current access control policy at least annually.');
    expect(ac1).toContain('b. Designate an [Assignment: organization-defined official]');
    expect(find(catalog, 'ac-2')?.description?.en).toContain('[Assignment: user, service and emergency accounts]');
    // The catalog's guidance part is the question's guidance; the statement stays the description.
    expect(find(catalog, 'ac-1')?.questions[0]?.guidance).toEqual({
      en: 'Access control policy and procedures address the controls in the AC family.',
    });
  });

  it('follows a back-matter resource (JSON link first), matches patterns and merges flat', () => {
    const resolver = fixtureResolver();
    const catalog = resolveOscalProfile(fixture('back-matter-profile.json'), 'back-matter-profile.json', resolver);
    expect(resolver.asked).toEqual(['nist-mini-catalog.json']);
    expect(shape(catalog.requirements)).toEqual(['au-1', 'au-2']);
    expect(catalog.id).toBe('audit-only-overlay');
    expect(catalog.version).toBe('2024.1');
  });

  it('tries the other links of a resource when the first cannot be found', () => {
    const profile = JSON.parse(fixture('back-matter-profile.json'));
    profile.profile['back-matter'].resources[0].rlinks[1].href = 'missing.json';
    expect(resolveError(profile)).toBe(
      'bad-profile.json: profile.imports[0].href: expected a catalog that can be found ' +
        '(tried missing.json, https://example.org/nist-mini-catalog.xml)',
    );
  });

  it('moves an enhancement selected without its control up to where the control was', () => {
    const profile = JSON.parse(profileText);
    profile.profile.imports[0]['include-controls'] = [{ 'with-ids': ['ac-2.1', 'au-1'] }];
    delete profile.profile.imports[0]['exclude-controls'];
    delete profile.profile.modify;
    const catalog = resolveOscalProfile(JSON.stringify(profile), 'p.json', fixtureResolver());
    expect(shape(catalog.requirements)).toEqual([{ ac: ['ac-2.1'] }, { au: ['au-1'] }]);
  });

  it('resolves a profile that imports another profile, keeping its parameter values', () => {
    const outer = {
      profile: {
        uuid: '1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b',
        metadata: { title: 'Access only', version: '0.1' },
        imports: [{ href: 'moderate.json', 'include-all': {}, 'exclude-controls': [{ 'with-ids': ['au-2'] }] }],
      },
    };
    const resolver = fixtureResolver({ 'moderate.json': JSON.parse(profileText) });
    const catalog = resolveOscalProfile(JSON.stringify(outer), 'outer.json', resolver);
    expect(resolver.asked).toEqual(['moderate.json', 'nist-mini-catalog.json']);
    expect(shape(catalog.requirements)).toEqual([{ ac: ['ac-1', { 'ac-2': ['ac-2.1'] }] }]);
    expect(find(catalog, 'ac-1')?.description?.en).toContain('at least annually');
  });

  it('merges two imports of the same catalog, each control once', () => {
    const profile = JSON.parse(profileText);
    profile.profile.imports = [
      { href: 'nist-mini-catalog.json', 'include-controls': [{ 'with-ids': ['ac-2.1', 'au-2'] }] },
      { href: 'nist-mini-catalog.json', 'include-controls': [{ 'with-ids': ['ac-2', 'ac-2.1', 'ac-2.2'] }] },
    ];
    delete profile.profile.modify;
    const catalog = resolveOscalProfile(JSON.stringify(profile), 'p.json', fixtureResolver());
    expect(shape(catalog.requirements)).toEqual([{ ac: ['ac-2.1', { 'ac-2': ['ac-2.2'] }] }, { au: ['au-2'] }]);
  });

  it('names an unknown control id in with-ids', () => {
    const profile = JSON.parse(profileText);
    profile.profile.imports[0]['include-controls'][0]['with-ids'] = ['ac-1', 'ac-2', 'ac-99'];
    expect(resolveError(profile)).toBe(
      'bad-profile.json: profile.imports[0].include-controls[0].with-ids[2]: expected the id of a control in nist-mini-catalog.json (there is no "ac-99")',
    );
    profile.profile.imports[0]['include-controls'][0]['with-ids'] = ['ac-1'];
    profile.profile.imports[0]['exclude-controls'] = [{ 'with-ids': ['ac-1.1'] }];
    expect(resolveError(profile)).toBe(
      'bad-profile.json: profile.imports[0].exclude-controls[0].with-ids[0]: expected the id of a control in nist-mini-catalog.json (there is no "ac-1.1")',
    );
  });

  it('reports other profile problems at their place', () => {
    const unknownParam = JSON.parse(profileText);
    unknownParam.profile.modify['set-parameters'][1]['param-id'] = 'zz-1_prm_1';
    expect(resolveError(unknownParam)).toBe(
      'bad-profile.json: profile.modify.set-parameters[1].param-id: expected the id of a parameter in the imported catalogs (there is no "zz-1_prm_1")',
    );
    const missing = JSON.parse(profileText);
    missing.profile.imports[0].href = 'missing.json';
    expect(resolveError(missing)).toBe(
      'bad-profile.json: profile.imports[0].href: expected a catalog that can be found (nothing at "missing.json")',
    );
    const noSelection = JSON.parse(profileText);
    delete noSelection.profile.imports[0]['include-controls'];
    expect(resolveError(noSelection)).toBe(
      'bad-profile.json: profile.imports[0]: expected include-all or include-controls',
    );
    const custom = JSON.parse(profileText);
    custom.profile.merge = { custom: { groups: [] } };
    expect(resolveError(custom)).toBe(
      'bad-profile.json: profile.merge.custom: expected as-is or flat (custom grouping is not supported)',
    );
    const badCatalog = { 'cat.json': { catalog: { uuid: 'nope', metadata: { title: 'T', version: '1' } } } };
    const wrongUuid = JSON.parse(profileText);
    wrongUuid.profile.imports[0].href = 'cat.json';
    expect(resolveError(wrongUuid, fixtureResolver(badCatalog))).toBe(
      'cat.json: catalog.uuid: expected a catalog uuid (such as 3c9e7a20-...)',
    );
  });
});
