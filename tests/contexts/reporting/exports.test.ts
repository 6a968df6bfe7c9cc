import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '../../../src/contexts/reporting/application/ports.js';
import { loadRenderer } from '../../../src/contexts/reporting/adapters/renderers.js';
import { renderCsv } from '../../../src/contexts/reporting/adapters/exports/csv-renderer.js';
import { renderMarkdown } from '../../../src/contexts/reporting/adapters/exports/markdown-renderer.js';
import { oscalToken, renderOscal, uuidV5 } from '../../../src/contexts/reporting/adapters/exports/oscal-renderer.js';
import { fileTemplateStore } from '../../../src/contexts/reporting/adapters/templates/file-template-store.js';
import type { QuestionData, ReportData } from '../../../src/contexts/reporting/domain/report-data.js';
import { reportSchemaErrors } from '../../support/report-schema.js';
import {
  DEFAULT_BRANDING,
  type Narrative,
  type ReportTemplate,
} from '../../../src/contexts/reporting/domain/template.js';

type Fixture = ReportData & { narrative: Narrative };

const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;

const ISO_EN = fixture('report-iso-en');
const ISO_ES = fixture('report-iso-es');
const ENS_ES = fixture('report-ens-unanswered-es');

const templates = new Map<string, ReportTemplate>();

beforeAll(async () => {
  const store = fileTemplateStore();
  for (const t of await store.list()) templates.set(t.id, await store.load(t.id));
});

let validate: ValidateFunction;

beforeAll(() => {
  // NIST's official OSCAL 1.2.1 assessment-results schema, copied unchanged; it declares draft-07, ajv's default.
  const schema = JSON.parse(
    readFileSync(new URL('./fixtures/oscal_assessment-results_schema.json', import.meta.url), 'utf8'),
  );
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  validate = ajv.compile(schema);
});

/** Asserts the document is valid OSCAL, printing the first errors when not. */
function check(doc: unknown): void {
  const ok = validate(doc);
  if (!ok) console.error(JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  expect(validate.errors ?? []).toEqual([]);
}

function input(source: Fixture, template = 'full'): RenderInput {
  const { narrative, ...data } = source;
  const loaded = templates.get(template);
  if (!loaded) throw new Error(`no template ${template}`);
  return { data, template: loaded, branding: DEFAULT_BRANDING, narrative, language: data.language };
}

const questions = (data: ReportData): QuestionData[] =>
  data.frameworks.flatMap((fw) => fw.requirements.flatMap((r) => r.questions));

const parseCsv = (buffer: Buffer): Record<string, string>[] =>
  parse(buffer, { bom: true, columns: true, skip_empty_lines: false }) as Record<string, string>[];

/** A copy of the English fixture with awkward text and evidence on A.5.1.Q1. */
function withAwkwardNote(): Fixture {
  const copy = structuredClone(ISO_EN);
  const q = copy.frameworks[0]!.requirements[0]!.questions[0]!;
  q.note = 'He said "yes", then\nleft | a pipe';
  q.evidence = [
    { kind: 'file', name: 'ISMS policy v3.pdf', sha256: 'a'.repeat(64), size: 1024, url: null },
    { kind: 'link', name: 'Intranet page', sha256: null, size: null, url: 'https://intranet.example/policy' },
  ];
  return copy;
}

describe('JSON export', () => {
  it('is valid against the published schema, docs/report-v1.schema.json', async () => {
    const render = await loadRenderer('json');
    for (const source of [ISO_EN, ISO_ES, ENS_ES, withAwkwardNote()]) {
      const doc = JSON.parse((await render(input(source))).toString('utf8'));
      expect(doc.schema).toBe('renfe.report/v1');
      expect(reportSchemaErrors(doc)).toEqual([]);
    }
  });

  it('is checked strictly: an unknown field or a wrong type is an error', async () => {
    const doc = JSON.parse((await (await loadRenderer('json'))(input(ISO_EN))).toString('utf8'));
    doc.frameworks[0].requirements[0].questions[0].colour = 'red';
    doc.findings[0].severity = 'severe';
    expect(reportSchemaErrors(doc)).toEqual([
      expect.stringMatching(/^\/frameworks\/0\/requirements\/0\/questions\/0 must NOT have additional properties/),
      expect.stringMatching(/^\/findings\/0\/severity must be equal to one of the allowed values/),
    ]);
  });
});

describe('CSV export', () => {
  it('has one row per question with the answer and note of each', async () => {
    const buffer = await renderCsv(input(ISO_EN));
    const rows = parseCsv(buffer);
    expect(rows).toHaveLength(questions(ISO_EN).length);

    const byId = new Map(rows.map((r) => [r['Question ID'], r]));
    expect(byId.get('A.5.1.Q1')).toMatchObject({
      Framework: 'iso27001-2022',
      Domain: 'A.5',
      Requirement: 'A.5.1',
      Result: 'Compliant',
      Answer: 'Yes',
      Value: 'yes',
      Note: 'Checked with the IT manager on site',
      Asked: 'Yes',
    });
    expect(byId.get('A.6.3.Q2')).toMatchObject({ Answer: '50 %', Value: '50', 'Question score': '0.5' });
    expect(byId.get('A.5.12.Q1')).toMatchObject({ Answer: '', Result: 'Not assessed', 'Answered at': '' });
    expect(byId.get('A.8.2.Q2')).toMatchObject({ Asked: 'No' });
  });

  it('starts with a BOM and ends lines with CRLF', async () => {
    const buffer = await renderCsv(input(ISO_EN));
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString('utf8');
    expect(text.split('\r\n').length).toBe(questions(ISO_EN).length + 2);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/(?<!left)\n/);
  });

  it('quotes a cell with a comma, quotes and a line break (RFC 4180)', async () => {
    const buffer = await renderCsv(input(withAwkwardNote()));
    expect(buffer.toString('utf8')).toContain('"He said ""yes"", then\nleft | a pipe"');
    const row = parseCsv(buffer).find((r) => r['Question ID'] === 'A.5.1.Q1');
    expect(row?.Note).toBe('He said "yes", then\nleft | a pipe');
    expect(row?.Evidence).toBe('ISMS policy v3.pdf; Intranet page <https://intranet.example/policy>');
    expect(row?.['Evidence SHA-256']).toBe('a'.repeat(64));
  });

  it('keeps a note that looks like a formula from running in a spreadsheet', async () => {
    const copy = structuredClone(ISO_EN);
    copy.frameworks[0]!.requirements[0]!.questions[0]!.note = '=HYPERLINK("http://evil")';
    const row = parseCsv(await renderCsv(input(copy))).find((r) => r['Question ID'] === 'A.5.1.Q1');
    expect(row?.Note).toBe('\'=HYPERLINK("http://evil")');
  });

  it('writes Spanish headers and labels for a Spanish report', async () => {
    const buffer = await renderCsv(input(ISO_ES));
    const header = buffer.toString('utf8').slice(1).split('\r\n')[0];
    expect(header).toBe(
      'Marco,Dominio,Requisito,Título del requisito,Resultado,Puntuación del requisito,ID de pregunta,Pregunta,' +
        'Tipo,Formulada,Respuesta,Valor,Puntuación de la pregunta,Nota,Evidencia,SHA-256 de la evidencia,' +
        'Respondida por,Respondida el',
    );
    const row = parseCsv(buffer).find((r) => r['ID de pregunta'] === 'A.5.1.Q1');
    expect(row).toMatchObject({ Resultado: 'Cumple', Respuesta: 'Sí', Formulada: 'Sí' });
  });

  it('lists the findings instead for the gap template', async () => {
    const rows = parseCsv(await renderCsv(input(ISO_EN, 'gap')));
    expect(rows).toHaveLength(ISO_EN.findings.length);
    expect(Object.keys(rows[0]!)).toEqual([
      'ID',
      'Framework',
      'Requirement',
      'Title',
      'Severity',
      'Result',
      'Score',
      'Gap',
      'Recommendation',
      'Owner',
      'Due',
      'Status',
    ]);
    expect(rows[0]).toMatchObject({
      ID: '37djenj8:A.8.2',
      Requirement: 'A.8.2',
      Severity: 'Critical',
      Result: 'Non compliant',
      Status: 'Open',
    });
  });
});

describe('Markdown export', () => {
  const headings = (md: string) => [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

  it('follows the template sections in order', async () => {
    const md = (await renderMarkdown(input(ISO_EN))).toString('utf8');
    expect(md.startsWith('# Full assessment report\n')).toBe(true);
    expect(headings(md)).toEqual([
      'Contents',
      'Executive summary',
      'Headline figures',
      'Scores by domain',
      'Compliance by framework',
      'Findings by severity and domain',
      'Domain commentary',
      'Results by domain',
      'Findings',
      'Remediation roadmap',
      'Methodology',
      'Appendix: every answer',
    ]);
    expect(md).toContain('- [Appendix: every answer](#appendix-every-answer)');
    expect(md).toContain(ISO_EN.narrative.executiveSummary.split('\n\n')[0]);
  });

  it('has a table row for a known requirement and the severity × domain counts', async () => {
    const md = (await renderMarkdown(input(ISO_EN))).toString('utf8');
    expect(md).toContain(
      '| A.5.1 | Policies for information security | Compliant | 100% | Is there an information security policy',
    );
    const critical = ISO_EN.findings.filter((f) => f.severity === 'critical').length;
    expect(md).toMatch(new RegExp(`^\\| Critical \\|( \\d+ \\|){4} ${critical} \\|$`, 'm'));
    expect(md).toContain('### Phase 1: 0–30 days (Critical)');
    expect(md).toContain('### Phase 3: 90+ days (Medium / Low)');
  });

  it('puts a finding due soon in the first roadmap phase whatever its severity', async () => {
    const copy = structuredClone(ISO_EN);
    const low = copy.findings.find((f) => f.severity === 'low')!;
    low.due = '2026-12-01';
    low.owner = 'Ana';
    const md = (await renderMarkdown(input(copy))).toString('utf8');
    const phase1 = md.slice(md.indexOf('### Phase 1'), md.indexOf('### Phase 2'));
    expect(phase1).toContain(`| Low | ${low.requirement} | ${low.title} | Ana | 2026-12-01 |`);
  });

  it('escapes pipes and line breaks inside cells', async () => {
    const md = (await renderMarkdown(input(withAwkwardNote()))).toString('utf8');
    expect(md).toContain('He said "yes", then<br>left \\| a pipe');
    for (const row of md.split('\n').filter((l) => l.startsWith('| A.5.1 |'))) {
      expect(row.endsWith(' |')).toBe(true);
    }
  });

  it('renders the SoA and coverage templates in Spanish', async () => {
    const soa = (await renderMarkdown(input(ISO_ES, 'soa'))).toString('utf8');
    expect(headings(soa)).toEqual(['Declaración de Aplicabilidad']);
    expect(soa).toContain('| A.5.1 | Políticas');
    const coverage = (await renderMarkdown(input(ISO_ES, 'coverage'))).toString('utf8');
    expect(headings(coverage)).toEqual(['Índice', 'Cifras principales', 'Cobertura de otros marcos']);
    expect(coverage).toContain('inferido de iso27001-2022:A.5.1');
  });
});

describe('OSCAL export', () => {
  it('validates against the official schema, with evidence', async () => {
    const doc = JSON.parse((await renderOscal(input(withAwkwardNote()))).toString('utf8'));
    check(doc);
    const observation = doc['assessment-results'].results[0].observations.find((o: { props: { value: string }[] }) =>
      o.props.some((p) => p.value === 'A.5.1.Q1'),
    );
    expect(observation.methods).toEqual(['EXAMINE']);
    expect(observation['relevant-evidence']).toHaveLength(2);
    expect(JSON.stringify(observation['relevant-evidence'])).toContain('a'.repeat(64));
    expect(observation['relevant-evidence'][1].href).toBe('https://intranet.example/policy');
  });

  it('has one finding per assessed requirement and reviews every requirement', async () => {
    const doc = JSON.parse((await renderOscal(input(ISO_EN))).toString('utf8'));
    check(doc);
    const ar = doc['assessment-results'];
    const requirements = ISO_EN.frameworks[0]!.requirements;
    const assessed = requirements.filter((r) => r.result !== 'not_assessed');
    const result = ar.results[0];
    expect(ar.metadata['oscal-version']).toBe('1.2.1');
    expect(result.findings).toHaveLength(assessed.length);
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toHaveLength(requirements.length);
    expect(result.observations).toHaveLength(questions(ISO_EN).filter((q) => q.asked && q.answer !== null).length);
    expect(result.risks).toHaveLength(ISO_EN.findings.length);
    expect(result.props).toContainEqual({ name: 'data-hash', value: ISO_EN.dataHash, ns: 'urn:renfe:oscal' });

    const a51 = result.findings.find((f: { target: { 'target-id': string } }) => f.target['target-id'] === 'a.5.1_obj');
    expect(a51.target.type).toBe('objective-id');
    expect(a51.target.status).toEqual({ state: 'satisfied', reason: 'pass' });
    const a82 = result.findings.find((f: { target: { 'target-id': string } }) => f.target['target-id'] === 'a.8.2_obj');
    expect(a82.target.status.state).toBe('not-satisfied');
    expect(a82['related-risks']).toHaveLength(1);
  });

  it('gives byte-identical files for the same data', async () => {
    const a = await renderOscal(input(ISO_ES));
    const b = await renderOscal(input(structuredClone(ISO_ES)));
    expect(a.equals(b)).toBe(true);
    check(JSON.parse(a.toString('utf8')));
  });

  it('makes RFC 4122 v5 uuids and valid control tokens', () => {
    // The RFC's own example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(oscalToken('A.5.1')).toBe('a.5.1');
    expect(oscalToken('PR.DS-11')).toBe('pr.ds-11');
    expect(oscalToken('1.2 (a)')).toBe('_1.2--a-');
  });
});

describe('an unanswered ENS assessment', () => {
  it('renders in every format', async () => {
    const csv = parseCsv(await renderCsv(input(ENS_ES)));
    expect(csv).toHaveLength(questions(ENS_ES).length);
    expect(csv[0]).toMatchObject({ Respuesta: '', Resultado: 'Sin evaluar' });

    expect(parseCsv(await renderCsv(input(ENS_ES, 'gap')))).toHaveLength(0);

    const md = (await renderMarkdown(input(ENS_ES))).toString('utf8');
    expect(md).toContain('## Hallazgos');
    expect(md).toContain('Sin hallazgos');
    expect(md).toContain('| org.1 | Política de seguridad | Sin evaluar | — |');

    const doc = JSON.parse((await renderOscal(input(ENS_ES))).toString('utf8'));
    check(doc);
    const result = doc['assessment-results'].results[0];
    expect(result.findings).toBeUndefined();
    expect(result.observations).toBeUndefined();
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toContainEqual({
      'control-id': 'op.pl.1',
    });
  });

  it('is reachable through loadRenderer', async () => {
    for (const format of ['csv', 'md', 'oscal'] as const) {
      const render = await loadRenderer(format);
      expect((await render(input(ENS_ES, 'executive'))).length).toBeGreaterThan(0);
    }
  });
});
