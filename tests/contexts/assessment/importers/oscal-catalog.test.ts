import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importOscalCatalog } from '../../../../src/contexts/assessment/adapters/importers/oscal-catalog.js';
import {
  type Catalog,
  isAssessable,
  type Requirement,
  walkRequirements,
} from '../../../../src/contexts/assessment/domain/catalog.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/oscal/${name}`, import.meta.url), 'utf8');
const catalogText = fixture('nist-mini-catalog.json');

function find(catalog: Catalog, id: string): Requirement {
  const hit = [...walkRequirements(catalog.requirements)].find((w) => w.requirement.id === id);
  if (!hit) throw new Error(`no requirement ${id}`);
  return hit.requirement;
}
const shape = (rs: readonly Requirement[]): unknown[] =>
  rs.map((r) => (r.children.length > 0 ? { [r.id]: shape(r.children) } : r.id));
const assessableIds = (c: Catalog) =>
  [...walkRequirements(c.requirements)].filter((w) => isAssessable(w.requirement)).map((w) => w.requirement.id);

function importError(text: string, file: string): string {
  try {
    importOscalCatalog(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the import to fail');
}

describe('importOscalCatalog', () => {
  const catalog = importOscalCatalog(catalogText, 'nist-mini-catalog.json');

  it('turns groups into domains and enhancements into children of their control, ids as written', () => {
    expect(shape(catalog.requirements)).toEqual([
      { ac: ['ac-1', { 'ac-2': ['ac-2.1', 'ac-2.2'] }] },
      { au: ['au-1', 'au-2', 'au-15'] },
    ]);
    expect(find(catalog, 'ac').title).toEqual({ en: 'Access Control' });
    expect(find(catalog, 'ac-2.1').title).toEqual({ en: 'Automated System Account Management' });
  });

  it('takes id from the title, version from the metadata, and the uuid as source', () => {
    expect(catalog.id).toBe('nist-sp-800-53-rev-5.1.1-excerpt');
    expect(catalog.version).toBe('5.1.1');
    expect(catalog.name).toEqual({ en: 'NIST SP 800-53 Rev 5.1.1 (excerpt)' });
    expect(catalog.source).toBe('urn:uuid:9b4c5a1e-2f0d-4c3b-9a8e-1d2c3b4a5f60');
    expect(importOscalCatalog(catalogText, 'x.json', { id: 'nist-800-53-lite' }).id).toBe('nist-800-53-lite');
  });

  it('writes the statement and its items with labels, parameters filled in', () => {
    expect(find(catalog, 'ac-1').description).toEqual({
      en: [
        'a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:',
        '  1. [Selection (one or more): Organization-level; Mission/business process-level; System-level] access control policy; and',
        '  2. Procedures to facilitate the implementation of the access control policy and the associated access controls;',
        'b. Designate an [Assignment: organization-defined official] to manage the access control policy and procedures; and',
        'c. Review and update the current access control policy [Assignment: organization-defined frequency].',
      ].join('\n'),
    });
    expect(find(catalog, 'au-2').description?.en).toBe(
      'Identify the types of events that the system is capable of logging: account logon events, privileged functions;',
    );
    expect(find(catalog, 'ac-2.2').description?.en).toBe(
      'Automatically [Selection: remove; disable] temporary and emergency accounts.',
    );
  });

  it('keeps withdrawn controls, marked and not assessed, with where they went', () => {
    const withdrawn = find(catalog, 'au-15');
    expect(withdrawn.withdrawn).toBe(true);
    expect(withdrawn.incorporatedInto).toEqual(['au-5']);
    expect(withdrawn.questions).toEqual([]);
    expect(isAssessable(withdrawn)).toBe(false);
  });

  it('gives every control (also one with enhancements) the default question, and groups none', () => {
    expect(assessableIds(catalog)).toEqual(['ac-1', 'ac-2', 'ac-2.1', 'ac-2.2', 'au-1', 'au-2']);
    const [question] = find(catalog, 'ac-2').questions;
    expect(question).toMatchObject({
      id: 'ac-2.Q1',
      type: 'yes_no',
      text: { en: 'Is "Account Management" (ac-2) implemented?' },
      guidance: find(catalog, 'ac-2').description,
    });
    expect(find(catalog, 'ac').questions).toEqual([]);
  });

  it('reads the same catalog written in YAML', () => {
    const yaml = stringify(JSON.parse(catalogText));
    expect(importOscalCatalog(yaml, 'nist-mini-catalog.yaml')).toEqual(catalog);
  });

  it('names ids for groups without one and accepts controls outside groups', () => {
    const doc = {
      catalog: {
        uuid: '11111111-2222-4333-8444-555555555555',
        metadata: { title: 'Ünïcode Controls', version: 2 },
        groups: [{ title: 'Physical Security', controls: [{ id: 'ps-1', title: 'Doors' }] }],
        controls: [{ id: 'x-1', title: 'Loose control' }],
      },
    };
    const imported = importOscalCatalog(JSON.stringify(doc), 'loose.json');
    expect(imported.id).toBe('unicode-controls');
    expect(imported.version).toBe('2');
    expect(shape(imported.requirements)).toEqual([{ 'physical-security': ['ps-1'] }, 'x-1']);
  });

  it('reports a control without id at its place in the file', () => {
    expect(importError(fixture('bad-catalog.json'), 'bad.json')).toBe(
      'bad.json: catalog.groups[0].controls[1].id: expected a control id (a token such as ac-1)',
    );
  });

  it('reports JSON syntax errors with line and column', () => {
    const missingComma = [
      '{',
      '  "catalog": {',
      '    "uuid": "9b4c5a1e-2f0d-4c3b-9a8e-1d2c3b4a5f62",',
      '    "metadata": { "title": "Broken", "version": "1" }',
      '    "groups": []',
      '  }',
      '}',
    ].join('\n');
    expect(importError(missingComma, 'broken.json')).toBe(
      `broken.json: line 5, column 5: expected ',' or '}' (found '"')`,
    );
    expect(importError('{"catalog": {"uuid": "a",', 'cut.json')).toBe(
      `cut.json: line 1, column 26: expected a property name in double quotes (found end of input)`,
    );
  });

  it('reports repeated ids, missing metadata and bad ids', () => {
    const doc = JSON.parse(catalogText);
    doc.catalog.groups[1].controls[0].id = 'ac-1';
    expect(importError(JSON.stringify(doc), 'dup.json')).toBe(
      'dup.json: catalog.groups[1].controls[0].id: expected an id not used before in the catalog ("ac-1" is repeated)',
    );
    const noVersion = JSON.parse(catalogText);
    delete noVersion.catalog.metadata.version;
    expect(importError(JSON.stringify(noVersion), 'nv.json')).toBe(
      'nv.json: catalog.metadata.version: expected a document version (text)',
    );
    const spaced = JSON.parse(catalogText);
    spaced.catalog.groups[0].controls[1].controls[0].id = 'ac 2.1';
    expect(importError(JSON.stringify(spaced), 'sp.json')).toBe(
      'sp.json: catalog.groups[0].controls[1].controls[0].id: expected a control id (a token such as ac-1)',
    );
    expect(importError('{"profile": {}}', 'p.json')).toBe(
      'p.json: catalog: expected a catalog map with uuid, metadata, groups and controls',
    );
    expect(importError('<catalog/>', 'c.xml')).toBe(
      'c.xml: line 1: expected JSON or YAML (this looks like XML, which is not read)',
    );
  });

  it('imports the generated 1500-control catalog', async () => {
    const generator = new URL('../../../../bench/fixtures/oscal-generator.mjs', import.meta.url).href;
    const { generateOscalCatalog } = (await import(generator)) as { generateOscalCatalog: (n: number) => unknown };
    const doc = generateOscalCatalog(1500) as { catalog: { groups: { controls: unknown[] }[] } };
    const text = JSON.stringify(doc);
    const withdrawnInDoc = (text.match(/"name":"status","value":"withdrawn"/g) ?? []).length;

    const imported = importOscalCatalog(text, 'generated.json');

    const all = [...walkRequirements(imported.requirements)];
    expect(imported.requirements).toHaveLength(20);
    expect(all.filter((w) => w.depth > 0)).toHaveLength(1500);
    expect(withdrawnInDoc).toBeGreaterThan(0);
    expect(all.filter((w) => w.requirement.withdrawn)).toHaveLength(withdrawnInDoc);
    expect(assessableIds(imported)).toHaveLength(1500 - withdrawnInDoc);
    expect(all.some((w) => w.depth === 2)).toBe(true);
    expect(find(imported, 'ac-1').description?.en).toContain('[Assignment: organization-defined personnel or roles]');
  });
  it('renders parameters and links as NIST does, and asks with the guidance part as guidance', () => {
    const doc = {
      catalog: {
        uuid: '11111111-2222-4333-8444-555555555556',
        metadata: { title: 'Rev5 shapes', version: '5.1.1' },
        groups: [
          {
            id: 'au',
            title: 'Audit',
            controls: [
              {
                id: 'au-2',
                title: 'Event Logging',
                params: [
                  {
                    id: 'au-02_odp.01',
                    props: [{ name: 'label', value: 'AU-02_ODP[01]', class: 'sp800-53a' }],
                    label: 'event types',
                  },
                  { id: 'au-02_odp.02', label: 'organization-defined frequency' },
                  {
                    id: 'au-02_odp.03',
                    select: { 'how-many': 'one', choice: ['weekly', '{{ insert: param, au-02_odp.02 }}'] },
                  },
                  { id: 'x-1', label: 'a value of another publisher' },
                ],
                parts: [
                  {
                    id: 'au-2_smt',
                    name: 'statement',
                    prose:
                      'Log {{ insert: param, au-02_odp.01 }} [Selection here: {{ insert: param, au-02_odp.03 }}], as [AU-12](#au-12) says; {{ insert: param, x-1 }}.',
                  },
                  {
                    id: 'au-2_gdn',
                    name: 'guidance',
                    prose: 'An event is an observable occurrence; see [SI-4](#si-4).',
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const rev5 = importOscalCatalog(JSON.stringify(doc), 'rev5.json');
    const au2 = find(rev5, 'au-2');
    expect(au2.description?.en).toBe(
      'Log [Assignment: organization-defined event types] [Selection here: [Selection: weekly; [Assignment: organization-defined frequency]]], as AU-12 says; [Assignment: a value of another publisher].',
    );
    expect(au2.questions[0]?.guidance).toEqual({ en: 'An event is an observable occurrence; see SI-4.' });
  });

  it("gives a profile's resolved catalog an id of its own, apart from the profile's", () => {
    const doc = {
      catalog: {
        uuid: '11111111-2222-4333-8444-555555555557',
        metadata: {
          title: 'Mini Moderate Baseline',
          version: '1.0.0',
          props: [{ name: 'resolution-tool', value: 'libOSCAL-Java' }],
          links: [{ href: 'mini-moderate-profile.json', rel: 'source-profile' }],
        },
        controls: [{ id: 'ac-1', title: 'Policy and Procedures' }],
      },
    };
    expect(importOscalCatalog(JSON.stringify(doc), 'resolved.json').id).toBe('mini-moderate-baseline-resolved');
    delete (doc.catalog.metadata as { props?: unknown }).props;
    delete (doc.catalog.metadata as { links?: unknown }).links;
    expect(importOscalCatalog(JSON.stringify(doc), 'plain.json').id).toBe('mini-moderate-baseline');
  });
});
