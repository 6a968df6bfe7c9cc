import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  importCisoAssistantLibrary,
  standardVersion,
} from '../../../../src/contexts/assessment/adapters/importers/ciso-assistant.js';
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
    expect(catalog.version).toBe('2024');
    expect(catalog.revision).toBe('3');
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

  it('keeps reference ids as written; a repeated one is a label, the id comes from the urn', () => {
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
    expect(shape(imported.requirements)).toEqual([{ '5.10': ['s1:1'] }, { 'Article-6': ['s2:1'] }]);
    expect(find(imported, 's1:1').label).toBe('(a)');
    expect(find(imported, 's2:1').label).toBe('(a)');
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
        source: { framework: 'demo-isms-2024', version: '2024' },
        target: { framework: 'iso27001-2022', version: '2022' },
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
    ).toBe('bad.yaml: line 13: objects.framework.requirement_nodes[1].urn: expected a node urn');
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: maybe`),
      ),
    ).toBe(
      'bad.yaml: line 12: objects.framework.requirement_nodes[0].assessable: expected true or false (found "maybe")',
    );
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
      parent_urn: urn:intuitem:risk:req_node:t:0`),
      ),
    ).toBe(
      'bad.yaml: line 13: objects.framework.requirement_nodes[0].parent_urn: expected the urn of a node of this framework (there is no "urn:intuitem:risk:req_node:t:0")',
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
      'bad.yaml: line 15: objects.framework.requirement_nodes[0].questions["urn:intuitem:risk:req_node:t:1:question:1"].type: expected unique_choice, multiple_choice, text or date, not "slider"',
    );
    const mapping = fixture('iso-to-csf-mapping.yaml').replace('relationship: equal', 'relationship: equivalent');
    expect(importError(mapping)).toBe(
      'bad.yaml: line 20: objects.requirement_mapping_set.requirement_mappings[1].relationship: expected one of equal, subset, superset, intersect, not_related (found "equivalent")',
    );
  });

  it('adds an implementation group that is not declared as a level, with a warning at its line', () => {
    const text = library(
      `    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
      implementation_groups: [IG9]`,
    ).replace(
      '    name: T\n',
      '    name: T\n    implementation_groups_definition:\n    - ref_id: IG1\n      name: One\n',
    );
    const imported = importCisoAssistantLibrary(text, 'odd.yaml');
    expect(imported.catalog?.levels.map((l) => l.id)).toEqual(['IG1', 'IG9']);
    expect(imported.warnings).toEqual([
      'odd.yaml:16: urn:intuitem:risk:req_node:t:1: implementation group "IG9" is not declared in implementation_groups_definition; added as a level',
    ]);
  });

  it('reports YAML syntax errors with line and column, and libraries with nothing to import', () => {
    expect(importError('urn: x\nobjects:\n  framework: [\n', 'broken.yaml')).toMatch(
      /^broken\.yaml: line 4, column 1: expected valid YAML \(.+\)$/,
    );
    expect(importError('urn: x\nobjects:\n  risk_matrix: []\n')).toBe(
      'bad.yaml: this CISO Assistant library holds a risk matrix (0); renfe imports only frameworks and requirement mapping sets',
    );
  });
});

describe('importCisoAssistantLibrary: quirks that lose no meaning', () => {
  const imported = importCisoAssistantLibrary(fixture('quirks-library.yaml'), 'quirks-library.yaml');
  const catalog = imported.catalog as Catalog;

  it('keys nodes by urn (ignoring case): repeated ref_ids get ids from the urn and keep the ref_id as label', () => {
    expect(shape(catalog.requirements)).toEqual([{ A: ['a:1'] }, { B: ['b:1', 'B.2', 'B.3', 'B.4', 'B.5'] }]);
    expect(find(catalog, 'a:1').label).toBe('1');
    expect(find(catalog, 'b:1').label).toBe('1');
    expect(find(catalog, 'B.2').label).toBeUndefined();
  });

  it('drops empty groups, folds case to the declared group and splits joined groups, warning with line, urn and value', () => {
    expect(find(catalog, 'a:1').applicability).toEqual(['Silver']);
    expect(find(catalog, 'b:1').applicability).toEqual(['P2', 'Existing']);
    expect(imported.warnings).toContain(
      'quirks-library.yaml:32: urn:intuitem:risk:req_node:quirks-v1.2:a:1: empty implementation group "" dropped',
    );
    expect(imported.warnings).toContain(
      'quirks-library.yaml:33: urn:intuitem:risk:req_node:quirks-v1.2:a:1: implementation group "SIlver" read as the declared "Silver"',
    );
    expect(imported.warnings).toContain(
      'quirks-library.yaml:44: urn:intuitem:risk:req_node:quirks-v1.2:b:1: implementation group "P2;Existing" holds several groups; read as "P2", "Existing"',
    );
  });

  it('takes a blank question text from its translation, else from the description', () => {
    const [q1, q2] = find(catalog, 'B.4').questions;
    expect(q1?.text).toEqual({ fr: 'Les sauvegardes sont-elles testées ?' });
    expect(q2?.text).toEqual({ en: 'Backups are tested.' });
    expect(imported.warnings).toContain(
      'quirks-library.yaml:64: urn:intuitem:risk:req_node:quirks-v1.2:b:4:question:1: question text is blank in "en"; taken from its "fr" translation',
    );
    expect(imported.warnings).toContain(
      "quirks-library.yaml:72: urn:intuitem:risk:req_node:quirks-v1.2:b:4:question:2: question text is blank and has no translation; written from the node's description",
    );
  });

  it('withdraws "[Withdrawn: …]" nodes with where they went, and never assesses splash screens', () => {
    const withdrawn = find(catalog, 'B.3');
    expect(withdrawn.withdrawn).toBe(true);
    expect(withdrawn.incorporatedInto).toEqual(['B.2', 'A.1']);
    expect(isAssessable(withdrawn)).toBe(false);
    expect(find(catalog, 'B.5').questions).toEqual([]);
    const assessed = [...walkRequirements(catalog.requirements)].filter((w) => isAssessable(w.requirement));
    expect(assessed.map((w) => w.requirement.id)).toEqual(['a:1', 'b:1', 'B.2', 'B.4']);
  });

  it('titles a nameless node from its description and asks about the description, not the id', () => {
    const nameless = find(catalog, 'B.2');
    expect(nameless.title).toEqual({ en: 'The organization reviews access rights every quarter.' });
    expect(nameless.questions[0]?.text).toEqual({
      en: 'Is this implemented? "The organization reviews access rights every quarter"',
    });
    expect(JSON.stringify(nameless.questions[0]?.text)).not.toContain('B.2');
  });

  it("keeps the standard's version from the urn and the library version as the revision", () => {
    expect([catalog.id, catalog.version, catalog.revision]).toEqual(['quirks-v1.2', '1.2', '7']);
    expect(imported.warnings[0]).toBe(
      'quirks-library.yaml:9: urn:intuitem:risk:library:quirks-v1.2: not imported (renfe imports frameworks and mapping sets): reference controls (1)',
    );
  });

  it('clamps strengths outside 0-10, drops one that is not a number, reads a set given twice once, and never cuts two long ids to one', () => {
    const mapping = importCisoAssistantLibrary(fixture('quirks-mapping.yaml'), 'quirks-mapping.yaml');
    expect(mapping.mappingSets.map((s) => s.id)).toEqual([
      'a-very-long-mapping-set-reference-between-two-901398dd',
      'a-very-long-mapping-set-reference-between-two-8fc3f176',
    ]);
    expect(mapping.mappingSets.every((s) => s.id.length <= 64)).toBe(true);
    const [forward, revert] = mapping.mappingSets;
    expect(forward?.source).toEqual({ framework: 'quirks-v1.2', version: '1.2' });
    expect(forward?.target).toEqual({ framework: 'iso27001-2022', version: '2022' });
    expect(forward?.mappings.map((m) => [m.source, m.target, m.relationship, m.rationale])).toEqual([
      ['a:1', 'a.5.1', 'equal', null],
      ['b:1', 'a.5.2', 'subset', '(strength 10)'],
      ['b:2', 'a.5.3', 'intersect', null],
    ]);
    expect(revert?.mappings[0]?.rationale).toBe('(strength 0)');
    expect(mapping.warnings).toEqual([
      'quirks-mapping.yaml:25: urn:intuitem:risk:req_node:quirks-v1.2:b:1 -> urn:intuitem:risk:req_node:iso27001-2022:a.5.2: strength_of_relationship 12 is outside 0-10; read as 10',
      'quirks-mapping.yaml:29: urn:intuitem:risk:req_node:quirks-v1.2:b:2 -> urn:intuitem:risk:req_node:iso27001-2022:a.5.3: strength_of_relationship "high" is not a number; dropped',
      'quirks-mapping.yaml:47: urn:intuitem:risk:req_node:iso27001-2022:a.5.1 -> urn:intuitem:risk:req_node:quirks-v1.2:a:1: strength_of_relationship -3 is outside 0-10; read as 0',
    ]);
  });

  it('names the same quirk with the same value in full for three nodes, then counts the rest', () => {
    const nodes = Array.from(
      { length: 5 },
      (_, i) => `    - urn: urn:intuitem:risk:req_node:t:${i}
      assessable: true
      implementation_groups: ['']`,
    ).join('\n');
    const { warnings } = importCisoAssistantLibrary(library(nodes), 'many.yaml');
    expect(warnings).toHaveLength(4);
    expect(warnings[3]).toBe('many.yaml: 2 more of the same: empty implementation group "" dropped');
  });

  it('reads the version of the standard from the names CISO Assistant gives frameworks', () => {
    expect(
      [
        'iso27001-2022',
        'nist-csf-2.0',
        'aircyber-v1.5.2',
        'pcidss-4_0',
        'nist-800-171-rev3',
        'soc2-2017-rev-2022',
        'ens-rd-311-2022',
        'essential-eight',
        'nist-800-53',
      ].map((name) => standardVersion(`urn:intuitem:risk:framework:${name}`)),
    ).toEqual(['2022', '2.0', '1.5.2', '4.0', 'rev3', '2017 (rev. 2022)', '2022', null, null]);
  });
});

describe('importCisoAssistantLibrary: libraries of other kinds', () => {
  it('refuses reference controls, threats, risk matrices and presets with one line and its own kind', () => {
    for (const [objects, held] of [
      ['  reference_controls:\n    - urn: a\n    - urn: b\n', 'reference controls (2)'],
      ['  threats:\n    - urn: a\n', 'threats (1)'],
      ['  risk_matrix:\n    - urn: a\n', 'a risk matrix (1)'],
      ['  preset:\n    journey: {}\n', 'a preset'],
    ] as const) {
      let error: { kind?: string; code?: string; message: string } | null = null;
      try {
        importCisoAssistantLibrary(`urn: urn:intuitem:risk:library:x\nobjects:\n${objects}`, 'lib.yaml');
      } catch (e) {
        error = e as { kind?: string; code?: string; message: string };
      }
      expect(error).toMatchObject({
        kind: 'unsupported',
        code: 'FRAMEWORK.UNSUPPORTED_LIBRARY',
        message: `lib.yaml: this CISO Assistant library holds ${held}; renfe imports only frameworks and requirement mapping sets`,
      });
    }
  });

  it('still refuses what would lose meaning, with the line and the value', () => {
    expect(
      importError(
        library(`    - urn: urn:intuitem:risk:req_node:t:1
      assessable: true
    - urn: URN:intuitem:risk:req_node:t:1
      assessable: true`),
      ),
    ).toBe(
      'bad.yaml: line 13: objects.framework.requirement_nodes[1].urn: expected a urn not used before ("URN:intuitem:risk:req_node:t:1" is repeated)',
    );
  });
});
