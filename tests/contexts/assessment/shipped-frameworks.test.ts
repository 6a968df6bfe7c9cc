import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fileShippedCatalogs } from '../../../src/contexts/assessment/adapters/files/shipped-catalogs.js';
import { isAssessable, walkRequirements, type Catalog } from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';

const files = readdirSync('frameworks').filter((f) => f.endsWith('.yaml'));
const catalogs = new Map<string, Catalog>(
  files.map((f) => {
    const c = parseCatalog(parse(readFileSync(`frameworks/${f}`, 'utf8')), `frameworks/${f}`);
    return [c.id, c];
  }),
);

const assessable = (id: string) =>
  [...walkRequirements(catalogs.get(id)?.requirements ?? [])].filter((w) => isAssessable(w.requirement));

describe('shipped frameworks', () => {
  it('all parse and validate', () => {
    expect([...catalogs.keys()].sort()).toEqual([
      'dora',
      'ens-2022',
      'gdpr',
      'iso27001-2022',
      'nis2',
      'nist-csf-2.0',
      'soc2-2017',
    ]);
  });

  it('every assessable requirement of every shipped catalog has a written recommendation in each of its languages', () => {
    for (const [id, catalog] of catalogs) {
      const texts = new Set<string>();
      for (const { requirement } of assessable(id)) {
        for (const lang of catalog.languages) {
          const text = requirement.recommendation?.[lang] ?? '';
          expect(text.length, `${id} ${requirement.id} (${lang})`).toBeGreaterThan(40);
          expect(text, `${id} ${requirement.id} (${lang})`).not.toMatch(/\bQ\d+\b/);
          expect(texts.has(text), `${id} ${requirement.id} (${lang}) repeats another's`).toBe(false);
          texts.add(text);
        }
      }
    }
  });

  it('NIST CSF 2.0 has 6 functions and 106 subcategories, in en and es', () => {
    const csf = catalogs.get('nist-csf-2.0') as Catalog;
    expect(csf.requirements.map((r) => r.id)).toEqual(['GV', 'ID', 'PR', 'DE', 'RS', 'RC']);
    expect(csf.requirements.flatMap((r) => r.children)).toHaveLength(22);
    const subs = assessable('nist-csf-2.0');
    expect(subs).toHaveLength(106);
    for (const { requirement } of subs) {
      expect(Object.keys(requirement.title).sort()).toEqual(['en', 'es']);
      for (const q of requirement.questions) expect(Object.keys(q.text).sort()).toEqual(['en', 'es']);
    }
  });

  it('ISO 27001:2022 has 93 Annex A controls in 4 themes and clauses 4 to 10 as an optional domain', () => {
    const iso = catalogs.get('iso27001-2022') as Catalog;
    expect(iso.requirements.map((r) => [r.id, r.children.length, r.optional ?? false])).toEqual([
      ['A.5', 37, false],
      ['A.6', 8, false],
      ['A.7', 14, false],
      ['A.8', 34, false],
      ['clauses', 7, true],
    ]);
    expect(assessable('iso27001-2022').filter((w) => w.requirement.id.startsWith('A.'))).toHaveLength(93);
    expect(assessable('iso27001-2022').filter((w) => !w.requirement.id.startsWith('A.'))).toHaveLength(30);
  });

  it('ENS has 73 measures and 92 asked reinforcements, each with its applicability', () => {
    const measures = assessable('ens-2022');
    expect(measures.filter((w) => !/\.r\d+$/.test(w.requirement.id))).toHaveLength(73);
    expect(measures.filter((w) => /\.r\d+$/.test(w.requirement.id))).toHaveLength(92);
    expect(catalogs.get('ens-2022')?.levels.map((l) => l.id)).toEqual(['basica', 'media', 'alta']);
    for (const { requirement } of measures) expect(requirement.applicability?.length).toBeGreaterThan(0);
  });

  it('NIS2 covers Art. 21(2)(a) to (j)', () => {
    const ids = assessable('nis2').map((w) => w.requirement.id);
    for (const letter of 'abcdefghij') expect(ids).toContain(`21.2.${letter}`);
  });
});

describe('shipped mapping sets', () => {
  it('tells the frameworks each set joins from the head of its file, as the whole file says', async () => {
    const shipped = fileShippedCatalogs();
    const all = await shipped.mappingSets();
    expect(all.map((s) => s.id)).toEqual(['ens-2022--iso27001-2022', 'nist-csf-2.0--iso27001-2022']);
    expect(await shipped.mappingSetEnds()).toEqual(
      all.map((s) => ({
        id: s.id,
        source: { framework: s.source.framework },
        target: { framework: s.target.framework },
      })),
    );
    const one = await shipped.mappingSets(['nist-csf-2.0--iso27001-2022']);
    expect(one.map((s) => [s.id, s.mappings.length])).toEqual([['nist-csf-2.0--iso27001-2022', 422]]);
    expect(await shipped.mappingSets([])).toEqual([]);
  });

  it('reads a set whose head is not as expected whole, and names what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renfe-shipped-'));
    try {
      mkdirSync(join(dir, 'mappings'));
      writeFileSync(join(dir, 'mappings', 'broken.yaml'), 'id: broken\nsource: nist\nmappings: []\n');
      await expect(fileShippedCatalogs(dir).mappingSetEnds()).rejects.toThrow(/frameworks\/mappings\/broken\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
