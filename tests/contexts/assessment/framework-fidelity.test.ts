import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isAssessable, walkRequirements, type Catalog } from '../../../src/contexts/assessment/domain/catalog.js';
import { parseCatalog } from '../../../src/contexts/assessment/domain/catalog-parse.js';
import {
  flattenQuestionnaire,
  type QuestionnaireScope,
} from '../../../src/contexts/assessment/domain/questionnaire.js';
import { prepareCatalog, scoreAssessment } from '../../../src/contexts/assessment/domain/scoring.js';
import { parseMappingSet } from '../../../src/contexts/assessment/domain/mapping.js';

const load = (id: string): Catalog =>
  parseCatalog(parse(readFileSync(`frameworks/${id}.yaml`, 'utf8')), `frameworks/${id}.yaml`);

const ens = load('ens-2022');
const all = [...walkRequirements(ens.requirements)].map((w) => w.requirement);
const reinforcements = all.filter((r) => /\.r\d+$/.test(r.id));
const asked = (scope: QuestionnaireScope) => {
  const items = flattenQuestionnaire('ens', ens, scope);
  return {
    questions: items.length,
    measures: new Set(items.filter((i) => !/\.r\d+$/.test(i.requirement.id)).map((i) => i.requirement.id)).size,
    reinforcements: new Set(items.filter((i) => /\.r\d+$/.test(i.requirement.id)).map((i) => i.requirement.id)).size,
  };
};

describe('ENS RD 311/2022 reinforcements', () => {
  it('lists the 133 reinforcements of Annex II under their measures, 92 of them required at some level', () => {
    expect(reinforcements).toHaveLength(133);
    expect(reinforcements.filter(isAssessable)).toHaveLength(92);
    for (const r of reinforcements) {
      const measure = r.id.replace(/\.r\d+$/, '');
      expect(all.find((m) => m.id === measure)?.children).toContain(r);
      if (isAssessable(r)) expect(r.applicability?.length).toBeGreaterThan(0);
      else expect(r.applicability).toBeNull();
    }
    expect(ens.dimensions?.map((d) => d.id)).toEqual(['C', 'I', 'T', 'A', 'D']);
    expect(all.find((r) => r.id === 'op.acc.1')?.dimensions).toEqual(['T', 'A']);
    expect(all.find((r) => r.id === 'op.acc.2.r1')).toMatchObject({
      applicability: ['alta'],
      dimensions: ['C', 'I', 'T', 'A'],
    });
    expect(all.find((r) => r.id === 'op.pl.1.r2')).toMatchObject({ applicability: ['alta'] });
  });

  it('asks at BÁSICA, MEDIA and ALTA what the annex requires at each category', () => {
    expect(asked({ level: 'basica' })).toEqual({ questions: 87, measures: 52, reinforcements: 12 });
    expect(asked({ level: 'media' })).toEqual({ questions: 147, measures: 68, reinforcements: 54 });
    expect(asked({ level: 'alta' })).toEqual({ questions: 187, measures: 73, reinforcements: 88 });
    const basica = flattenQuestionnaire('ens', ens, { level: 'basica' }).map((i) => i.requirement.id);
    expect(basica).toContain('op.acc.6.r8');
    expect(basica).not.toContain('op.pl.1.r1');
    const media = flattenQuestionnaire('ens', ens, { level: 'media' }).map((i) => i.requirement.id);
    expect(media).toContain('op.pl.1.r1');
    expect(media).not.toContain('op.pl.1.r2');
  });

  it("reads measures that depend on dimensions against the system's dimension levels, in the questionnaire and in scoring", () => {
    // Category ALTA only because of confidentiality; availability is not relevant.
    const scope = { level: 'alta', dimensions: { C: 'alta', I: 'basica', T: 'basica', A: 'basica', D: 'na' } };
    const ids = new Set(flattenQuestionnaire('ens', ens, scope).map((i) => i.requirement.id));
    for (const id of ['mp.com.2.r1', 'mp.com.2.r2', 'mp.com.2.r3', 'op.pl.2.r3', 'op.acc.2.r1', 'mp.si.2.r2'])
      expect(ids).toContain(id);
    for (const id of ['op.cont.2', 'op.pl.4', 'mp.info.6', 'mp.s.4', 'mp.com.3.r1', 'op.acc.1.r1', 'mp.eq.2'])
      expect(ids).not.toContain(id);
    expect(ids).toContain('mp.com.3'); // I and A at BAJO: the measure without reinforcements
    const flat = new Set(flattenQuestionnaire('ens', ens, { level: 'alta' }).map((i) => i.requirement.id));
    expect(ids.size).toBeLessThan(flat.size);
    const score = scoreAssessment(prepareCatalog(ens), new Map(), scope);
    expect(score.outOfScope).toContain('op.cont.2');
    expect(score.outOfScope).toContain('mp.com.3.r1');
    expect(score.outOfScope).not.toContain('mp.com.2.r3');
    expect(new Set(score.requirements.map((r) => r.id))).toEqual(ids);
  });
});

const csf = load('nist-csf-2.0');
const csfNodes = [...walkRequirements(csf.requirements)].map((w) => w.requirement);
// NIST's statements, word for word, for a sample taken from CSWP 29 Appendix A.
const NIST = {
  'GV.OC-03':
    'Legal, regulatory, and contractual requirements regarding cybersecurity — including privacy and civil liberties obligations — are understood and managed',
  'GV.SC-07':
    'The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship',
  'PR.AA-05':
    'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
  'RC.RP-06':
    'The end of incident recovery is declared based on criteria, and incident-related documentation is completed',
  'RS.AN-08': 'An incident’s magnitude is estimated and validated',
  'ID.RA': 'The cybersecurity risk to the organization, assets, and individuals is understood by the organization',
  PR: 'Safeguards to manage the organization’s cybersecurity risks are used',
};

describe('NIST CSF 2.0 official text', () => {
  it('holds NIST’s statement for all 106 subcategories, 22 categories and 6 functions, with a Spanish translation and our short title', () => {
    const subs = csfNodes.filter(isAssessable);
    expect(subs).toHaveLength(106);
    for (const s of subs) {
      expect(Object.keys(s.title).sort()).toEqual(['en', 'es']);
      expect(s.shortTitle?.en).toBeTruthy();
      expect(s.shortTitle?.es).toBeTruthy();
      expect(s.title.en).not.toEqual(s.shortTitle?.en);
      expect(s.title.en).toMatch(/^[A-Z].*[a-z]$/); // a statement as NIST prints it: no final period
    }
    const groups = csfNodes.filter((r) => !isAssessable(r));
    expect(groups).toHaveLength(28);
    for (const g of groups) expect(Object.keys(g.description ?? {}).sort()).toEqual(['en', 'es']);
    for (const [id, text] of Object.entries(NIST)) {
      const node = csfNodes.find((r) => r.id === id);
      expect(id.includes('-') ? node?.title.en : node?.description?.en).toBe(text);
    }
  });
});

describe('NIST CSF 2.0 to ISO/IEC 27001:2022 mapping', () => {
  const iso = load('iso27001-2022');
  const set = parseMappingSet(
    parse(readFileSync('frameworks/mappings/nist-csf-2.0--iso27001-2022.yaml', 'utf8')),
    'frameworks/mappings/nist-csf-2.0--iso27001-2022.yaml',
  );
  const isoIds = new Set(
    [...walkRequirements(iso.requirements)].filter((w) => isAssessable(w.requirement)).map((w) => w.requirement.id),
  );
  const csfIds = new Set(csfNodes.filter(isAssessable).map((r) => r.id));

  it('links every one of the 106 subcategories, 422 links, each landing on an assessable requirement', () => {
    expect(set.mappings).toHaveLength(422);
    expect(new Set(set.mappings.map((m) => m.source))).toEqual(csfIds);
    for (const m of set.mappings) {
      expect(csfIds).toContain(m.source);
      expect(isoIds).toContain(m.target);
    }
    expect(new Set(set.mappings.map((m) => `${m.source}>${m.target}`)).size).toBe(422);
    const toClauses = set.mappings.filter((m) => !m.target.startsWith('A.'));
    expect(toClauses.length).toBeGreaterThan(0);
    expect(new Set(toClauses.map((m) => m.target))).toContain('6.1.2');
    // The outcomes once left out for lack of clauses now land on them.
    for (const s of ['GV.RM-02', 'GV.RM-03', 'GV.RM-04', 'GV.RM-06', 'GV.RM-07'])
      expect(toClauses.some((m) => m.source === s)).toBe(true);
  });

  it('keeps clauses 4 to 10 out of an assessment unless its scope names them', () => {
    const asked = (scope: QuestionnaireScope) =>
      new Set(flattenQuestionnaire('iso', iso, scope).map((i) => i.domain.id));
    expect(asked({})).toEqual(new Set(['A.5', 'A.6', 'A.7', 'A.8']));
    expect(asked({ domains: ['clauses'] })).toEqual(new Set(['clauses']));
    expect(asked({ domains: ['A.5', 'clauses'] })).toEqual(new Set(['A.5', 'clauses']));
    expect(
      scoreAssessment(prepareCatalog(iso), new Map(), { scopeDomains: ['A.5', 'A.6', 'A.7', 'A.8'] }).outOfScope,
    ).toContain('9.3.1');
  });
});

describe('catalog fields for dimensions, optional domains and short titles', () => {
  const base = {
    id: 'x',
    version: '1',
    name: 'X',
    levels: [
      { id: 'low', name: 'Low' },
      { id: 'high', name: 'High' },
    ],
    dimensions: [{ id: 'C', name: 'Confidentiality' }],
  };
  const leaf = (extra: Record<string, unknown>) => ({
    id: 'r1',
    title: 'R1',
    questions: [{ id: 'r1.Q1', type: 'yes_no', text: 'Q?' }],
    ...extra,
  });
  const catalog = (requirements: unknown[]) => ({ ...base, requirements });

  it('refuses a dimension the catalog does not declare, dimensions without levels, and optional below the top', () => {
    expect(() =>
      parseCatalog(
        catalog([{ id: 'd', title: 'D', children: [leaf({ applicability: ['high'], dimensions: ['Z'] })] }]),
        'x.yaml',
      ),
    ).toThrow(
      /x\.yaml: requirements\[0\]\.children\[0\]\.dimensions\[0\]: expected one of the catalog's dimensions \(C\), not "Z"/,
    );
    expect(() => parseCatalog(catalog([leaf({ dimensions: ['C'] })]), 'x.yaml')).toThrow(
      /requirements\[0\]\.applicability: expected the levels at which the dimensions apply/,
    );
    expect(() =>
      parseCatalog(catalog([{ id: 'd', title: 'D', children: [leaf({ optional: true })] }]), 'x.yaml'),
    ).toThrow(/requirements\[0\]\.children\[0\]\.optional: expected optional only on a top-level requirement/);
  });

  it('reads them into the model', () => {
    const c = parseCatalog(
      catalog([
        {
          id: 'd',
          title: 'D',
          optional: true,
          children: [leaf({ applicability: ['high'], dimensions: ['C'], short_title: 'Short' })],
        },
      ]),
      'x.yaml',
    );
    expect(c.dimensions).toEqual([{ id: 'C', name: { en: 'Confidentiality' } }]);
    expect(c.requirements[0]?.optional).toBe(true);
    expect(c.requirements[0]?.children[0]).toMatchObject({ dimensions: ['C'], shortTitle: { en: 'Short' } });
    // With dimension levels, the requirement is read against C; without them, against the level.
    const ids = (scope: QuestionnaireScope) => flattenQuestionnaire('x', c, scope).map((i) => i.requirement.id);
    expect(ids({ domains: ['d'], level: 'high', dimensions: { C: 'low' } })).toEqual([]);
    expect(ids({ domains: ['d'], level: 'high', dimensions: { C: 'high' } })).toEqual(['r1']);
    expect(ids({ domains: ['d'], level: 'high' })).toEqual(['r1']);
    expect(ids({ domains: ['d'], level: 'low' })).toEqual([]);
    expect(ids({})).toEqual(['r1']); // every domain is optional: there is nothing else to assess
  });
});
