import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  importFrameworkFile,
} from '../../../../src/contexts/assessment/adapters/importers/detect-format.js';
import { isAppError } from '../../../../src/kernel/app-error.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const gdprYaml = readFileSync('frameworks/gdpr.yaml', 'utf8');
const oscalCatalog = fixture('oscal/nist-mini-catalog.json');

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('detectFormat', () => {
  it('tells the formats apart by extension and content', () => {
    expect(detectFormat(oscalCatalog, 'nist.json')).toBe('oscal-catalog');
    expect(detectFormat(stringify(JSON.parse(oscalCatalog)), 'nist.yaml')).toBe('oscal-catalog');
    expect(detectFormat(fixture('oscal/mini-moderate-profile.json'), 'baseline.json')).toBe('oscal-profile');
    expect(detectFormat(fixture('ciso/demo-isms-library.yaml'), 'lib.yaml')).toBe('ciso-assistant');
    expect(detectFormat(fixture('ciso/iso-to-csf-mapping.yaml'), 'map.yml')).toBe('ciso-assistant');
    expect(detectFormat(fixture('csv/good.csv'), 'good.csv')).toBe('csv');
    expect(detectFormat(fixture('csv/semicolon.csv'), 'export.txt')).toBe('csv');
    expect(detectFormat(gdprYaml, 'gdpr.yaml')).toBe('renfe-yaml');
    expect(detectFormat(JSON.stringify(parse(gdprYaml)), 'gdpr.json')).toBe('renfe-json');
    expect(detectFormat(oscalCatalog, 'no-extension')).toBe('oscal-catalog');
  });

  it('refuses a document it does not recognise', () => {
    expect(failure(() => detectFormat('{"hello": "world"}', 'x.json')).message).toBe(
      'x.json: (document): expected a framework file: our catalog (top-level requirements), an OSCAL catalog or profile ' +
        '(catalog, profile), a CISO Assistant library (urn, objects) or a CSV file with a header row',
    );
  });
});

describe('importFrameworkFile', () => {
  it('dispatches to the importer of the format', () => {
    const oscal = importFrameworkFile(oscalCatalog, 'nist.json', { id: 'nist-lite' });
    expect(oscal.format).toBe('oscal-catalog');
    expect(oscal.catalog?.id).toBe('nist-lite');
    expect(oscal.mappingSets).toEqual([]);

    const ciso = importFrameworkFile(fixture('ciso/demo-isms-library.yaml'), 'lib.yaml');
    expect(ciso.format).toBe('ciso-assistant');
    expect(ciso.catalog?.id).toBe('demo-isms-2024');
    expect(ciso.mappingSets.map((s) => s.id)).toEqual(['demo-isms-2024-to-iso27001-2022']);

    const csv = importFrameworkFile(fixture('csv/semicolon.csv'), 'semi.csv', { id: 'semi', version: '3' });
    expect([csv.format, csv.catalog?.id, csv.catalog?.version]).toEqual(['csv', 'semi', '3']);

    const ours = importFrameworkFile(gdprYaml, 'gdpr.yaml');
    expect([ours.format, ours.catalog?.id]).toEqual(['renfe-yaml', 'gdpr']);
  });

  it('keeps OSCAL YAML scalars as written', () => {
    const yaml = stringify(JSON.parse(oscalCatalog)).replace(/version: "?5\.1\.1"?/, 'version: 1.0');
    expect(yaml).toContain('version: 1.0\n');
    expect(importFrameworkFile(yaml, 'nist.yaml').catalog?.version).toBe('1.0');
  });

  it('resolves a profile through the resolver, and asks for --catalog without one', () => {
    const profile = fixture('oscal/mini-moderate-profile.json');
    const resolved = importFrameworkFile(profile, 'baseline.json', {
      resolver: { resolve: () => ({ text: oscalCatalog, file: 'nist.json' }) },
    });
    expect(resolved.format).toBe('oscal-profile');
    expect(resolved.catalog?.id).toBe('mini-moderate-baseline');

    const error = failure(() => importFrameworkFile(profile, 'baseline.json'));
    expect(isAppError(error) && error.kind).toBe('usage');
    expect(error.message).toBe(
      'baseline.json: an OSCAL profile selects controls from a catalog; give that catalog with --catalog <file>',
    );
  });

  it('reports YAML syntax errors with line and column, and our own format through parseCatalog', () => {
    expect(failure(() => importFrameworkFile('id: x\nrequirements:\n  - id: [\n', 'x.yaml')).message).toMatch(
      /^x\.yaml: line 4, column 1: expected valid YAML \(.+\)$/,
    );
    expect(failure(() => importFrameworkFile('id: x\nid: y\n', 'dup.yaml')).message).toMatch(
      /^dup\.yaml: line 2, column 1: expected valid YAML \(Map keys must be unique\)$/,
    );
    const broken = gdprYaml.replace(/^(\s*- id: )\S+/m, '$1"has space"');
    expect(failure(() => importFrameworkFile(broken, 'gdpr.yaml')).message).toBe(
      'gdpr.yaml: requirements[0].id: expected an identifier without spaces',
    );
  });
});
