import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importCisoAssistantLibrary } from '../../../../src/contexts/assessment/adapters/importers/ciso-assistant.js';
import {
  type Catalog,
  isAssessable,
  type Requirement,
  walkRequirements,
} from '../../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../../src/contexts/assessment/domain/catalog-parse.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ciso/${name}`, import.meta.url), 'utf8');
const libraryText = fixture('demo-isms-library.yaml');
const shipped = (id: string) => parseCatalog(parse(readFileSync(`frameworks/${id}.yaml`, 'utf8')), `${id}.yaml`);

const shape = (rs: readonly Requirement[]): unknown[] =>
  rs.map((r) => (r.children.length > 0 ? { [r.id]: shape(r.children) } : r.id));
function find(c: Catalog, id: string): Requirement {
  const hit = [...walkRequirements(c.requirements)].find((w) => w.requirement.id === id);
  if (!hit) throw new Error(`no requirement ${id}`);
  return hit.requirement;
}

function importError(text: string, file = 'bad.yaml'): string {
  try {
    importCisoAssistantLibrary(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the import to fail');
}

/** A one-framework library around the given requirement nodes (YAML list items). */
const library = (nodes: string, extra = '') => `urn: urn:intuitem:risk:library:t
locale: en
ref_id: t
name: T
version: 1
objects:
  framework:
    urn: urn:intuitem:risk:framework:t
    name: T
    requirement_nodes:
${nodes}
${extra}`;

describe('importCisoAssistantLibrary: the framework', () => {
  const { catalog } = importCisoAssistantLibrary(libraryText, 'demo-isms-library.yaml');
  if (!catalog) throw new Error('the fixture holds a framework');

  it('builds the tree from parent_urn, ids from ref_id or the urn', () => {
    expect(shape(catalog.requirements)).toEqual([{ 'A.5': ['A.5.1', 'A.5.2', 'note'] }, { 'A.6': ['A.6.3'] }]);
    expect(catalog.id).toBe('demo-isms-2024');
    expect(catalog.version).toBe('3');
    expect(catalog.publisher).toBe('Demo Provider');
    expect(catalog.source).toBe('urn:intuitem:risk:library:demo-isms-2024');
  });

  it('takes translations as languages and implementation groups as levels', () => {
    expect(catalog.languages).toEqual(['en', 'fr']);
    expect(catalog.name).toEqual({ en: 'Demo ISMS controls 2024', fr: 'Contrôles SMSI de démonstration 2024' });
    expect(find(catalog, 'A.5').title).toEqual({ en: 'Organizational controls', fr: 'Mesures organisationnelles' });
    expect(catalog.levels).toEqual([
      { id: 'IG1', name: { en: 'Essential' } },
      { id: 'IG2', name: { en: 'Advanced' } },
    ]);
    expect(find(catalog, 'A.5.1').applicability).toEqual(['IG1', 'IG2']);
    expect(find(catalog, 'A.5.2').applicability).toEqual(['IG2']);
  });

  it('assesses exactly the assessable nodes, with default questions where they have none', () => {
    const assessed = [...walkRequirements(catalog.requirements)].filter((w) => isAssessable(w.requirement));
    expect(assessed.map((w) => w.requirement.id)).toEqual(['A.5.1', 'A.5.2', 'A.6.3']);
    expect(find(catalog, 'A.5.2').questions).toMatchObject([
      {
        id: 'A.5.2.Q1',
        type: 'yes_no',
        text: { en: 'Is "Information security roles and responsibilities" (A.5.2) implemented?' },
      },
    ]);
    const note = find(catalog, 'note');
    expect(note.questions).toEqual([]);
    expect(note.title).toEqual({ en: 'The controls above apply to every business unit.' });
  });

  it('translates questions: unique_choice with scores, date as text, annotation and evidence kept', () => {
    const [choice, date] = find(catalog, 'A.5.1').questions;
    expect(choice).toMatchObject({
      id: 'A.5.1.Q1',
      type: 'single_choice',
      text: { en: 'Is the information security policy approved by management?' },
      guidance: { en: 'Look for an approved, published policy set.' },
      evidence: { en: 'Signed policy, distribution records' },
      choices: [
        { id: '1', label: { en: 'Yes' }, score: 1 },
        { id: '2', label: { en: 'Partially' }, score: 0.5 },
        { id: '3', label: { en: 'No' }, score: 0 },
      ],
    });
    expect(date).toMatchObject({ id: 'A.5.1.Q2', type: 'text', text: { en: 'When was the policy last reviewed?' } });
  });

  it('reads the older question format, unscored multiple choices sharing the score', () => {
    expect(find(catalog, 'A.6.3').questions).toMatchObject([
      {
        id: 'A.6.3.Q1',
        type: 'multiple_choice',
        text: { en: 'Which awareness activities are in place?' },
        choices: [
          { id: '1', label: { en: 'Onboarding training' }, score: 0.333333 },
          { id: '2', label: { en: 'Yearly refresher' }, score: 0.333333 },
          { id: '3', label: { en: 'Phishing exercises' }, score: 0.333333 },
        ],
      },
    ]);
  });

  it('keeps reference ids as written and tells apart repeated ones', () => {
    const text = library(`    - urn: urn:intuitem:risk:req_node:t:s1
      assessable: false
      ref_id: 5.10
      name: Section 5.10
    - urn: urn:intuitem:risk:req_node:t:s1:1
      assessable: true
      parent_urn: urn:intuitem:risk:req_node:t:s1
      ref_id: (a)
    - urn: urn:intuitem:risk:req_node:t:s2
      assessable: false
      ref_id: Article 6
    - urn: urn:intuitem:risk:req_node:t:s2:1
      assessable: true
      parent_urn: urn:intuitem:risk:req_node:t:s2
      ref_id: (a)`);
    const imported = importCisoAssistantLibrary(text, 't.yaml').catalog as Catalog;
    expect(shape(imported.requirements)).toEqual([{ '5.10': ['(a)'] }, { 'Article-6': ['s2:1'] }]);
    expect(find(imported, 's2:1').title).toEqual({ en: '(a)' });
  });
});

describe('importCisoAssistantLibrary: mapping sets', () => {
  it('maps urns to requirement ids, skipping not_related', () => {
    const { mappingSets } = importCisoAssistantLibrary(libraryText, 'demo-isms-library.yaml');
    expect(mappingSets).toEqual([
      {
        id: 'demo-isms-2024-to-iso27001-2022',
        name: 'Demo ISMS 2024 to ISO/IEC 27001:2022',
        source: { framework: 'demo-isms-2024', version: null },
        target: { framework: 'iso27001-2022', version: null },
        informative: false,
        author: 'Demo Provider',
        description: 'Forward mapping',
        mappings: [
          { source: 'A.5.1', target: 'a.5.1', relationship: 'equal', rationale: 'syntactic (strength 10)' },
          { source: 'A.5.2', target: 'a.5.2', relationship: 'subset', rationale: null },
          { source: 'A.6.3', target: 'a.6.3', relationship: 'intersect', rationale: 'semantic' },
        ],
      },
    ]);
  });

  it("uses a known catalog's ids for the other framework", () => {
    const { mappingSets } = importCisoAssistantLibrary(libraryText, 'demo.yaml', {
      knownCatalogs: [shipped('iso27001-2022')],
    });
    expect(mappingSets[0]?.mappings.map((m) => [m.source, m.target])).toEqual([
      ['A.5.1', 'A.5.1'],
      ['A.5.2', 'A.5.2'],
      ['A.6.3', 'A.6.3'],
    ]);
  });

  it('reads a mapping-only library with the older singular requirement_mapping_set', () => {
    const known = [shipped('iso27001-2022'), shipped('nist-csf-2.0')];
    const result = importCisoAssistantLibrary(fixture('iso-to-csf-mapping.yaml'), 'map.yaml', { knownCatalogs: known });
    expect(result.catalog).toBeNull();
    expect(result.mappingSets).toHaveLength(1);
    expect(result.mappingSets[0]).toMatchObject({
      id: 'iso27001-2022-to-nist-csf-2.0',
      source: { framework: 'iso27001-2022' },
      target: { framework: 'nist-csf-2.0' },
      author: 'intuitem',
      mappings: [
        { source: 'A.5.1', target: 'GV.PO-01', relationship: 'superset' },
        { source: 'A.5.2', target: 'GV.RR-02', relationship: 'equal' },
      ],
    });
  });
});

describe('importCisoAssistantLibrary: errors', () => {
  it('names the place of a missing or wrong field', () => {
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
    - assessable: true
      name: no urn`),
      ),
    ).toBe('bad.yaml: objects.framework.requirement_nodes[1].urn: expected a node urn');
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: maybe`),
      ),
    ).toBe('bad.yaml: objects.framework.requirement_nodes[0].assessable: expected true or false');
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
      parent_urn: urn:intuitem:risk:req_node:t:0`),
      ),
    ).toBe(
      'bad.yaml: objects.framework.requirement_nodes[0].parent_urn: expected the urn of a node of this framework (there is no "urn:intuitem:risk:req_node:t:0")',
    );
  });

  it('names a bad question type and a bad relationship', () => {
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
      questions:
        urn:intuitem:risk:req_node:t:1:question:1:
          type: slider
          text: How much?`),
      ),
    ).toBe(
      'bad.yaml: objects.framework.requirement_nodes[0].questions["urn:intuitem:risk:req_node:t:1:question:1"].type: expected unique_choice, multiple_choice, text or date, not "slider"',
    );
    const mapping = fixture('iso-to-csf-mapping.yaml').replace('relationship: equal', 'relationship: equivalent');
    expect(importError(mapping)).toBe(
      'bad.yaml: objects.requirement_mapping_set.requirement_mappings[1].relationship: expected one of equal, subset, superset, intersect, not_related',
    );
  });

  it('reports an unknown implementation group through the catalog checks, at the node', () => {
    const text = library(
      `    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
      implementation_groups: [IG9]`,
    ).replace(
      '    name: T\n',
      '    name: T\n    implementation_groups_definition:\n    - ref_id: IG1\n      name: One\n',
    );
    expect(importError(text)).toBe(
      'bad.yaml: objects.framework.requirement_nodes[0].implementation_groups: expected one of the catalog\'s levels (IG1), not "IG9"',
    );
  });

  it('reports YAML syntax errors with line and column, and libraries with nothing to import', () => {
    expect(importError('urn: x\nobjects:\n  framework: [\n', 'broken.yaml')).toMatch(
      /^broken\.yaml: line 4, column 1: expected valid YAML \(.+\)$/,
    );
    expect(importError('urn: x\nobjects:\n  risk_matrix: []\n')).toBe(
      'bad.yaml: objects: expected a framework or requirement_mapping_sets (this library has neither)',
    );
  });
});
