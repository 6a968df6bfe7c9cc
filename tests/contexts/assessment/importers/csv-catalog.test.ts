import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CsvImportOptions,
  importCsvCatalog,
} from '../../../../src/contexts/assessment/adapters/importers/csv-catalog.js';
import {
  type Catalog,
  isAssessable,
  type Requirement,
  walkRequirements,
} from '../../../../src/contexts/assessment/domain/catalog.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const shape = (rs: readonly Requirement[]): unknown[] =>
  rs.map((r) => (r.children.length > 0 ? { [r.id]: shape(r.children) } : r.id));
function find(c: Catalog, id: string): Requirement {
  const hit = [...walkRequirements(c.requirements)].find((w) => w.requirement.id === id);
  if (!hit) throw new Error(`no requirement ${id}`);
  return hit.requirement;
}

function importError(text: string, file = 'bad.csv', options: CsvImportOptions = { id: 'x', version: '1' }): string {
  try {
    importCsvCatalog(text, file, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the import to fail');
}

const HEADER = 'requirement_id,parent_id,requirement_title,question_id,question_type,question_text,choices';

describe('importCsvCatalog', () => {
  const catalog = importCsvCatalog(fixture('good.csv'), 'good.csv');

  it('builds the tree from parent_id, framework fields from their columns', () => {
    expect(shape(catalog.requirements)).toEqual([{ org: ['org.1'] }, { op: ['op.1', 'op.2'] }]);
    expect(catalog.id).toBe('mini-ens');
    expect(catalog.version).toBe('2022');
    expect(catalog.name).toEqual({ en: 'Mini ENS', es: 'ENS reducido' });
    expect(catalog.languages).toEqual(['en', 'es']);
  });

  it('reads requirement fields, translations, weight and applicability (levels from the values used)', () => {
    const policy = find(catalog, 'org.1');
    expect(policy.title).toEqual({ en: 'Security policy', es: 'Política de seguridad' });
    expect(policy.description).toEqual({ en: 'A documented security policy approved by management' });
    expect(policy.weight).toBe(2);
    expect(policy.applicability).toEqual(['basica', 'media']);
    expect(catalog.levels.map((l) => l.id)).toEqual(['basica', 'media']);
    expect(find(catalog, 'op.1').applicability).toEqual(['media']);
  });

  it('reads one question per row, with given or numbered ids', () => {
    expect(find(catalog, 'org.1').questions).toMatchObject([
      {
        id: 'org.1.Q1',
        type: 'yes_no',
        text: { en: 'Is there an approved security policy?', es: '¿Existe una política de seguridad aprobada?' },
        guidance: { en: 'Approved by the board, published' },
        evidence: { en: 'Signed policy' },
      },
      {
        id: 'org.1.Q2',
        type: 'maturity',
        text: { en: 'How mature is the policy process?', es: '¿Qué madurez tiene el proceso?' },
      },
    ]);
    expect(find(catalog, 'op.1').questions[0]?.choices).toEqual([
      { id: 'never', label: { en: 'Never', es: 'Nunca' }, score: 0 },
      { id: 'yearly', label: { en: 'Yearly', es: 'Anual' }, score: 0.5 },
      { id: 'quarterly', label: { en: 'Quarterly', es: 'Trimestral' }, score: 1 },
    ]);
  });

  it('gives leaves without questions the default question, and nodes none', () => {
    expect(find(catalog, 'op.2').questions).toMatchObject([{ id: 'op.2.Q1', type: 'yes_no' }]);
    expect(find(catalog, 'op').questions).toEqual([]);
    const assessed = [...walkRequirements(catalog.requirements)].filter((w) => isAssessable(w.requirement));
    expect(assessed.map((w) => w.requirement.id)).toEqual(['org.1', 'op.1', 'op.2']);
  });

  it('reads semicolon-separated files with decimal commas, framework fields from options', () => {
    const imported = importCsvCatalog(fixture('semicolon.csv'), 'semicolon.csv', {
      id: 'semi',
      version: '1',
      name: 'Semi',
    });
    expect(imported.id).toBe('semi');
    expect(imported.name).toEqual({ en: 'Semi' });
    expect(shape(imported.requirements)).toEqual([{ GV: ['GV.1'] }]);
    expect(find(imported, 'GV.1').questions[0]).toMatchObject({
      type: 'multiple_choice',
      text: { en: 'Which documents exist; if any?' },
      choices: [
        { id: 'a', label: { en: 'Mission' }, score: 0.5 },
        { id: 'b', label: { en: 'Strategy' }, score: 0.5 },
      ],
    });
  });

  it('takes the plain columns in the language given', () => {
    const text = `requirement_id,requirement_title,requirement_title_en\nA,Gobierno,Governance\n`;
    const imported = importCsvCatalog(text, 'es.csv', { id: 'es', version: '1', language: 'es' });
    expect(imported.languages).toEqual(['es', 'en']);
    expect(find(imported, 'A').title).toEqual({ es: 'Gobierno', en: 'Governance' });
  });
});

describe('importCsvCatalog errors', () => {
  it('names row and column of a bad question type', () => {
    expect(importError(fixture('bad-type.csv'), 'bad-type.csv', {})).toBe(
      'bad-type.csv: row 7, column question_type: expected one of yes_no, maturity, single_choice, multiple_choice, number, text, not "yesno"',
    );
  });

  it('counts rows as file lines, across quoted line breaks', () => {
    const text = `${HEADER}\nA,,"Two\nlines",,,,\nA.1,A,First,,yes_no,Ok?,\nA.2,A,Second,,,Missing type?,\n`;
    expect(importError(text)).toBe(
      'bad.csv: row 5, column question_type: expected one of yes_no, maturity, single_choice, multiple_choice, number, text',
    );
  });

  it('names missing framework fields, unknown columns and parents', () => {
    expect(importError(`${HEADER}\nA,,Area,,,,\n`, 'f.csv', {})).toBe(
      "f.csv: column framework_id: expected the framework's id, in a framework_id column or the id option",
    );
    expect(importError(`requirement_id,requirement_title,question_typ\nA,Area,yes_no\n`)).toMatch(
      /^bad\.csv: row 1, column question_typ: expected one of the documented columns \(framework_id, .*\) or a translation such as requirement_title_es$/,
    );
    expect(importError(`${HEADER}\nA,,Area,,,,\nA.1,Z,First,,,,\n`)).toBe(
      'bad.csv: row 3, column parent_id: expected the requirement_id of another row (there is no "Z")',
    );
    expect(importError(`${HEADER}\nA,B,Area,,,,\nB,A,Other,,,,\n`)).toBe(
      'bad.csv: row 2, column parent_id: expected a parent chain that reaches the top level (A is in a loop)',
    );
  });

  it('refuses a requirement whose rows disagree', () => {
    expect(importError(`${HEADER}\nA,,Area,,yes_no,One?,\nA,,Another area,,yes_no,Two?,\n`)).toBe(
      'bad.csv: row 3, column requirement_title: expected the same value as row 2 ("Area") or an empty cell',
    );
  });

  it('names bad choices, including problems found by the catalog checks', () => {
    expect(importError(`${HEADER}\nA,,Area,,single_choice,Which?,a=One|b\n`)).toBe(
      'bad.csv: row 2, column choices: expected choices written id=label=score|id=label=score (choice 2, "b", has no label)',
    );
    expect(importError(`${HEADER}\nA,,Area,,single_choice,Which?,a=One=2|b=Two=0\n`)).toBe(
      'bad.csv: row 2, column choices: expected a score from 0 to 1',
    );
    expect(importError(`${HEADER}\nA,,Area,,single_choice,Which?,\n`)).toBe(
      'bad.csv: row 2, column choices: expected choices for a single_choice question',
    );
    expect(importError(`${HEADER}\nA,,Area,Q,yes_no,One?,\nB,,Other,Q,yes_no,Two?,\n`)).toBe(
      'bad.csv: row 3, column question_id: expected a question id not used before ("Q" is repeated)',
    );
  });

  it('reports malformed CSV with its line', () => {
    expect(importError(`${HEADER}\nA,,"Area,,,,\n`)).toMatch(
      /^bad\.csv: row 2: expected well-formed CSV \(Quote Not Closed.*\)$/,
    );
    expect(importError(`${HEADER}\nA,,Area,,,\n`)).toMatch(
      /^bad\.csv: row 2: expected well-formed CSV \(Invalid Record Length: expect 7, got 6\)$/,
    );
  });
});
