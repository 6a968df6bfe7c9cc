import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfRenderer, renderPdf } from '../../../src/contexts/reporting/adapters/pdf/pdf-renderer.js';
import { fileTemplateStore } from '../../../src/contexts/reporting/adapters/templates/file-template-store.js';
import type { ReportData } from '../../../src/contexts/reporting/domain/report-data.js';
import {
  type Branding,
  label,
  type Narrative,
  type ReportTemplate,
  type SectionType,
} from '../../../src/contexts/reporting/domain/template.js';

type Fixture = ReportData & { narrative: Narrative };

const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;

const BRANDING: Branding = { firmName: 'Acme Assurance', logoPath: null, primaryColor: '#0b6e4f' };
const HEADING_KEY: Partial<Record<SectionType, string>> = {
  'executive-summary': 'executiveSummary',
  methodology: 'methodology',
  'headline-figures': 'headlineFigures',
  'radar-chart': 'domainScores',
  'framework-bars': 'frameworkScores',
  'heat-map': 'heatMap',
  'domain-commentary': 'domainCommentary',
  'top-findings': 'topFindings',
  'domain-tables': 'domainTables',
  findings: 'findings',
  roadmap: 'roadmap',
  soa: 'soa',
  coverage: 'coverage',
  'answers-appendix': 'appendix',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'renfe-pdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ReadBack {
  pages: string[];
  info: Record<string, string>;
}

let counter = 0;
async function render(templateId: string, data: Fixture, branding = BRANDING): Promise<ReadBack> {
  const template = await fileTemplateStore().load(templateId);
  const pdf = await renderPdf({ data, template, branding, narrative: data.narrative, language: data.language });
  const file = join(dir, `${templateId}-${data.language}-${++counter}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = Object.fromEntries(
    execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, (m[2] as string).trim()]),
  );
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return { pages, info };
}

const lines = (page: string | undefined) => (page ?? '').split('\n').map((l) => l.trim());

function expectedHeadings(template: ReportTemplate, lang: string): string[] {
  return template.sections
    .filter((s) => HEADING_KEY[s.type])
    .map((s) => s.title?.[lang] ?? label(template, lang, HEADING_KEY[s.type] as string));
}

const CASES = [
  ['report-iso-en', 'en'],
  ['report-iso-es', 'es'],
] as const;
const TEMPLATES = ['executive', 'full', 'gap', 'soa', 'coverage'] as const;

describe.each(CASES)('the PDF of %s', (name, lang) => {
  const data = fixture(name);

  it.each(TEMPLATES)('%s: headings in order, page footers, metadata and a working contents page', async (id) => {
    const template = await fileTemplateStore().load(id);
    const { pages, info } = await render(id, data);
    const total = Number(info.Pages);
    expect(pages).toHaveLength(total);

    // Footers: "Page X of N" on every page.
    const page = label(template, lang, 'page');
    const of = label(template, lang, 'of');
    pages.forEach((p, i) => expect(p).toContain(`${page} ${i + 1} ${of} ${total}`));
    expect(pages.every((p) => p.includes(label(template, lang, 'confidential')))).toBe(true);
    expect(pages[0]).toContain(data.dataHash.slice(0, 12));

    // Metadata.
    expect(info.Title).toContain(template.name[lang]);
    expect(info.Author).toBe(BRANDING.firmName);
    expect(info.Subject).toBe(data.assessment.subject);
    expect(info.Keywords).toContain(data.dataHash);

    // No blank pages.
    for (const p of pages) expect(p.replace(/\s/g, '').length).toBeGreaterThan(60);

    // Section headings, each on its own line, in the template's order.
    const contents = label(template, lang, 'contents');
    const tocPage = template.sections.some((s) => s.type === 'toc')
      ? pages.findIndex((p) => lines(p).includes(contents))
      : -1;
    const headings = expectedHeadings(template, lang);
    let from = Math.max(1, tocPage + 1);
    for (const heading of headings) {
      const at = pages.findIndex((p, i) => i >= from && lines(p).includes(heading));
      expect(at, `"${heading}" after page ${from + 1}`).toBeGreaterThanOrEqual(from);
      from = at;
    }

    if (tocPage >= 0) {
      const entries = lines(pages[tocPage])
        .map((l) => /^(\S.*?)\s{2,}(\d+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ title: m[1] as string, page: Number(m[2]) }));
      // Every section heading is listed, in order…
      const listed = entries.map((e) => e.title).filter((t) => headings.includes(t));
      expect(listed).toEqual(headings);
      // …and every entry is on the page it names.
      for (const entry of entries) {
        expect(entry.page).toBeGreaterThan(tocPage + 1);
        expect(lines(pages[entry.page - 1]), `${entry.title} on page ${entry.page}`).toContain(entry.title);
      }
    }
  });

  it('shows the figures and the findings', async () => {
    const iso = data.frameworks[0];
    // As the language writes it: 64.2% in English, 64,2 % in Spanish.
    const compliance = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1 })
      .format((iso?.summary.compliance ?? 0) / 100)
      .replace('\u00a0', ' '); // pdftotext reads the no-break space as a space
    const critical = data.findings.find((f) => f.severity === 'critical');
    expect(critical).toBeDefined();

    const executive = (await render('executive', data)).pages.join('\n');
    expect(executive).toContain(compliance);
    expect(executive).toContain(critical?.requirement);
    expect(executive).toContain(critical?.title);

    const gap = (await render('gap', data)).pages.join('\n');
    expect(gap).toContain(compliance);
    for (const f of data.findings) expect(gap).toContain(f.title.split(' ')[0]);

    const soa = (await render('soa', data)).pages.join('\n');
    for (const r of iso?.requirements.slice(0, 5) ?? []) expect(soa).toContain(r.id);

    const coverage = (await render('coverage', data)).pages.join('\n');
    const source = data.coverage[0]?.requirements[0]?.sources[0];
    expect(coverage).toContain(`${source?.framework}:${source?.requirement}`);
  });
});

describe('the PDF renderer', () => {
  it('keeps the executive summary of the ISO assessment to two to four pages', async () => {
    const { info } = await render('executive', fixture('report-iso-en'));
    expect(Number(info.Pages)).toBeGreaterThanOrEqual(2);
    expect(Number(info.Pages)).toBeLessThanOrEqual(4);
  });

  it('prints Polish, Greek and Cyrillic text exactly', async () => {
    const subject = 'Zażółć gęślą jaźń — Ελληνικά — Кириллица';
    const data = fixture('report-iso-en');
    const copy: Fixture = { ...data, assessment: { ...data.assessment, subject } };
    const { pages, info } = await render('executive', copy);
    expect(pages[0]).toContain(subject);
    expect(info.Subject).toBe(subject);
  });

  it('draws the same bytes with and without its speed-ups', async () => {
    // Notes in several scripts, with ligatures and marks, reach the tables and the appendix.
    const NOTES = [
      'Zażółć gęślą jaźń; office affine fluffy — Ελληνικά: πολιτική ασφαλείας — Кириллица «ёж»',
      'café\u0301 naïve ﬁle — سياسة أمن المعلومات — नीति — Tiếng Việt — emoji 😀 soft\u00adhyphen',
    ];
    for (const [name, ids] of [
      ['report-iso-en', TEMPLATES],
      ['report-ens-unanswered-es', ['full']],
    ] as const) {
      const data = fixture(name);
      let n = 0;
      const copy: Fixture = {
        ...data,
        assessment: { ...data.assessment, subject: 'Zażółć gęślą jaźń — Ελληνικά — Кириллица' },
        frameworks: data.frameworks.map((f) => ({
          ...f,
          requirements: f.requirements.map((r) => ({
            ...r,
            questions: r.questions.map((q) => ({ ...q, note: n++ % 3 === 0 ? (NOTES[n % 2] ?? null) : q.note })),
          })),
        })),
      };
      for (const id of ids) {
        const template = await fileTemplateStore().load(id);
        const input = { data: copy, template, branding: BRANDING, narrative: data.narrative, language: data.language };
        const fast = await renderPdf(input);
        const plain = await pdfRenderer({ plain: true })(input);
        expect({ name, id, same: fast.equals(plain) }).toEqual({ name, id, same: true });
      }
    }
  });

  it('renders an assessment with nothing answered without figures it does not have', async () => {
    const data = fixture('report-ens-unanswered-es');
    const { pages, info } = await render('full', data);
    const total = Number(info.Pages);
    expect(pages[0]).toContain(`Página 1 de ${total}`);
    const text = pages.join('\n');
    expect(text).toContain('Sin evaluar');
    expect(text).not.toMatch(/NaN|undefined|null/);

    // The SoA names the framework it would list when the assessment lacks it.
    const soa = (await render('soa', data)).pages.join('\n');
    expect(soa).toContain('iso27001-2022');
  });
});
