import { counted, formatNumber, formatPercent, plural } from '../../../../kernel/locale-format.js';
import { methodology as methodologyText } from '../../domain/methodology.js';
import type { FindingData, FrameworkData, QuestionData, ReportData, ResultName } from '../../domain/report-data.js';
import {
  type Branding,
  type Narrative,
  type ReportTemplate,
  type Section,
  type SectionType,
  sectionHeading as headingFor,
} from '../../domain/template.js';
import { bars, figureBoxes, headline, heatMap, radar, radarHeight, resultBar } from './charts.js';
import { drawCover, templateTitle } from './cover.js';
import {
  type Cell,
  type Column,
  complianceColour,
  FONT,
  INK,
  MUTED,
  RESULT_COLOURS,
  type ReportDocument,
  type Row,
  SEVERITY_COLOURS,
  type Severity,
} from './document.js';

/** What each template section draws, in the order the template lists them. */

export interface SectionContext {
  readonly r: ReportDocument;
  readonly data: ReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly narrative: Narrative;
  readonly language: string;
}

/** Long sections open on a new page; short ones follow on. */
const OWN_PAGE = new Set<SectionType>(['domain-tables', 'findings', 'roadmap', 'soa', 'coverage', 'answers-appendix']);

export function sectionHeading(ctx: SectionContext, section: Section): string {
  return headingFor(section, ctx.language, (key) => ctx.r.t(key));
}

/** A 0–100 figure as the report's language writes percentages (`64.2%`, `64,2 %`). */
const pct = (lang: string, v: number | null) => formatPercent(v, lang, 1);
/** A 0–1 score as a whole percentage; blank when not scored. */
const score = (lang: string, v: number | null) => (v === null ? '' : formatPercent(v * 100, lang, 0));
const decimal = (lang: string, v: number | null) => formatNumber(v, lang, 1);

/** `n` and the word for it in the report's language: `1 finding`, `3 hallazgos`. */
function count(ctx: SectionContext, n: number, one: string, other: string): string {
  return counted(n, ctx.language, { one: ctx.r.t(one), other: ctx.r.t(other) });
}
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A UTC date in the report's language; the text as given when it is not a date. */
function formatDate(iso: string, lang: string, style: 'long' | 'medium'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const key = `${lang} ${style}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' })));
  return format.format(d);
}

function localDate(iso: string, lang: string): string {
  return formatDate(iso, lang, 'long');
}

function shortDate(iso: string | null, lang: string): string {
  return iso ? formatDate(iso, lang, 'medium') : '';
}

function resultPill(ctx: SectionContext, result: ResultName): Cell {
  return { pill: ctx.r.resultLabel(result), colour: RESULT_COLOURS[result] };
}

function severityPill(ctx: SectionContext, severity: Severity): Cell {
  return { pill: ctx.r.t(severity), colour: SEVERITY_COLOURS[severity] };
}

/** Domains that hold at least one requirement, with their requirements. */
function domainGroups(fw: FrameworkData) {
  return fw.domains
    .map((d) => ({ domain: d, requirements: fw.requirements.filter((q) => q.domain === d.id) }))
    .filter((g) => g.requirements.length > 0);
}

function findingsFrom(ctx: SectionContext, section: Section): FindingData[] {
  const floor = SEVERITY_RANK[section.minSeverity];
  return ctx.data.findings
    .filter((f) => SEVERITY_RANK[f.severity] <= floor)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.severityScore - a.severityScore);
}

/**
 * The TOC entries (1 = section, 2 = domain or framework) the body will
 * register, known before it is drawn so the right number of pages is reserved.
 */
export function plannedToc(template: ReportTemplate, data: ReportData): (1 | 2)[] {
  const levels: (1 | 2)[] = [];
  for (const s of template.sections) {
    if (s.type === 'cover' || s.type === 'toc') continue;
    levels.push(1);
    const nested =
      s.type === 'domain-tables'
        ? data.frameworks.reduce((n, fw) => n + domainGroups(fw).length, 0)
        : s.type === 'coverage'
          ? data.coverage.length
          : 0;
    for (let i = 0; i < nested; i++) levels.push(2);
  }
  return levels;
}

const TOC_HEAD = 56;
const tocHeight = (level: 1 | 2) => (level === 1 ? 21 : 15.5);

export function tocPages(r: ReportDocument, levels: readonly (1 | 2)[]): number {
  let pages = 1;
  let y = r.top + TOC_HEAD;
  for (const level of levels) {
    if (y + tocHeight(level) > r.bottom) {
      pages++;
      y = r.top;
    }
    y += tocHeight(level);
  }
  return pages;
}

/** Fills the reserved pages with the headings the body registered. */
export function drawToc(ctx: SectionContext, section: Section, first: number, pages: number): void {
  const { r } = ctx;
  const { doc } = r;
  let page = first;
  doc.switchToPage(page);
  doc.x = r.left;
  doc.y = r.top;
  r.heading(sectionHeading(ctx, section), 1, 0, false);
  doc.y = r.top + TOC_HEAD;
  for (const entry of r.toc) {
    const h = tocHeight(entry.level);
    if (doc.y + h > r.bottom) {
      if (page + 1 >= first + pages) break;
      doc.switchToPage(++page);
      doc.y = r.top;
    }
    const y = doc.y;
    const indent = entry.level === 1 ? 0 : 16;
    const size = entry.level === 1 ? 10.5 : 9;
    doc
      .font(entry.level === 1 ? FONT.bold : FONT.regular)
      .fontSize(size)
      .fillColor(entry.level === 1 ? INK : MUTED);
    const numberW = 34;
    const maxTitle = r.width - indent - numberW - 24;
    const titleW = Math.min(doc.widthOfString(entry.title), maxTitle);
    doc.text(entry.title, r.left + indent, y + (entry.level === 1 ? 5 : 2), {
      width: maxTitle,
      lineBreak: false,
      ellipsis: true,
      goTo: entry.destination,
    });
    const baseline = y + (entry.level === 1 ? 5 : 2) + size * 0.85;
    doc
      .moveTo(r.left + indent + titleW + 6, baseline)
      .lineTo(r.right - numberW - 4, baseline)
      .lineWidth(0.7)
      .dash(0.7, { space: 2.6 })
      .strokeColor('#9aa3ae')
      .stroke()
      .undash();
    doc
      .fillColor(entry.level === 1 ? r.primary : MUTED)
      .text(String(entry.page), r.right - numberW, y + (entry.level === 1 ? 5 : 2), {
        width: numberW,
        align: 'right',
        lineBreak: false,
        goTo: entry.destination,
      });
    doc.y = y + h;
  }
}

function statusLabel(r: ReportDocument, status: string): string {
  const found = r.t(`status_${status}`);
  return found === `status_${status}` ? status.replace(/_/g, ' ') : found;
}

function cover(ctx: SectionContext): void {
  const { r, data, branding, template, language } = ctx;
  const scope = [
    data.assessment.scope.description ?? r.t('wholeFramework'),
    data.assessment.scope.level ? `${r.t('level')}: ${data.assessment.scope.level}` : null,
    data.assessment.scope.domains?.length ? data.assessment.scope.domains.join(', ') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  drawCover(r, {
    firm: branding.firmName,
    title: templateTitle(template, language),
    subtitle: data.assessment.subject,
    rows: [
      [r.t('preparedFor'), data.assessment.subject],
      [r.t('preparedBy'), data.organisation.name],
      [r.t('frameworks'), data.frameworks.map((f) => f.name).join('\n') || '–'],
      [r.t('date'), localDate(data.generatedAt, language)],
      [r.t('status'), statusLabel(r, data.assessment.status)],
      [r.t('scope'), scope],
    ],
    dataHash: data.dataHash,
    logoPath: branding.logoPath,
  });
}

function executiveSummary(ctx: SectionContext, section: Section): void {
  const { r } = ctx;
  r.heading(sectionHeading(ctx, section), 1);
  const paragraphs = ctx.narrative.executiveSummary
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  paragraphs.forEach((p, i) => r.paragraph(p, i === 0 ? { size: 11.5, font: FONT.regular, colour: INK } : {}));
  r.space(6);
}

function headlineFigures(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  r.heading(sectionHeading(ctx, section), 1, 130);
  for (const fw of data.frameworks) {
    r.heading(fw.name, 3, 110);
    headline(r, fw.summary, data.assessment.targetLevel);
  }
}

function radarChart(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  r.heading(sectionHeading(ctx, section), 1, 26 + radarHeight(data.frameworks[0]?.domains.length ?? 0));
  data.frameworks.forEach((fw, i) => {
    r.heading(fw.name, 3, radarHeight(fw.domains.length));
    radar(r, fw.domains, data.assessment.targetLevel);
    if (i < data.frameworks.length - 1) r.space(6);
  });
}

function frameworkBars(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  r.heading(sectionHeading(ctx, section), 1, 80);
  bars(
    r,
    data.frameworks.flatMap((fw) => [
      {
        label: fw.name,
        value: fw.summary.compliance,
        text: pct(ctx.language, fw.summary.compliance),
        bold: true,
        colour: complianceColour(fw.summary.compliance),
      },
      ...fw.domains.map((d) => ({
        label: `${d.id} ${d.title}`,
        value: d.compliance,
        text: pct(ctx.language, d.compliance),
        bold: false,
        colour: complianceColour(d.compliance),
      })),
    ]),
  );
}

function heatMapSection(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  r.heading(sectionHeading(ctx, section), 1, 100);
  const many = data.frameworks.length > 1;
  const rows = data.frameworks.flatMap((fw) =>
    fw.domains.map((d) => {
      const counts = { critical: 0, high: 0, medium: 0, low: 0 };
      for (const f of data.findings) if (f.framework === fw.id && f.domain === d.id) counts[f.severity]++;
      return { label: many ? `${fw.id} · ${d.id} ${d.title}` : `${d.id} ${d.title}`, counts };
    }),
  );
  heatMap(r, rows);
  if (data.findings.length === 0) r.paragraph(r.t('noFindings'), { colour: MUTED, size: 9 });
}

function domainCommentary(ctx: SectionContext, section: Section): void {
  const { r, data, narrative } = ctx;
  const { doc } = r;
  r.heading(sectionHeading(ctx, section), 1, 70);
  for (const fw of data.frameworks) {
    if (data.frameworks.length > 1) r.heading(fw.name, 3, 70);
    for (const d of fw.domains) {
      const text = narrative.domains[`${fw.id}:${d.id}`];
      if (!text) continue;
      doc.font(FONT.regular).fontSize(9.5);
      const h = doc.heightOfString(text, { width: r.width - 14, lineGap: 2 });
      r.ensure(22 + Math.min(h, 80));
      const y = doc.y;
      doc.rect(r.left, y, 2.5, 16 + h).fill(complianceColour(d.compliance));
      doc
        .font(FONT.bold)
        .fontSize(10)
        .fillColor(INK)
        .text(`${d.id} ${d.title}`, r.left + 12, y, { width: r.width - 100, lineBreak: false, ellipsis: true });
      doc
        .font(FONT.bold)
        .fontSize(9)
        .fillColor(complianceColour(d.compliance))
        .text(pct(ctx.language, d.compliance), r.right - 80, y + 1, { width: 80, align: 'right', lineBreak: false });
      doc
        .font(FONT.regular)
        .fontSize(9.5)
        .fillColor(INK)
        .text(text, r.left + 12, y + 16, { width: r.width - 14, lineGap: 2 });
      doc.y += 10;
      doc.x = r.left;
    }
  }
}

function topFindings(ctx: SectionContext, section: Section): void {
  const { r } = ctx;
  const all = findingsFrom(ctx, section);
  const findings = all.slice(0, section.limit ?? 10);
  const columns: Column[] = [
    { header: r.t('severity'), width: 62 },
    { header: r.t('id'), width: 52 },
    { header: r.t('title'), width: 130 },
    { header: r.t('recommendation'), width: 0 },
  ];
  const rows: Row[] = findings.map((f) => ({
    cells: [severityPill(ctx, f.severity), f.requirement, f.title, f.recommendation],
  }));
  r.heading(sectionHeading(ctx, section), 1, rows.length ? 18 + r.tableLead(columns, rows) : 30);
  if (!rows.length) r.paragraph(r.t('noFindings'));
  else {
    // A cut list says so: "8 of 15 shown".
    if (all.length > findings.length) {
      r.paragraph(
        r
          .t('shownOf')
          .replace('{shown}', formatNumber(findings.length, ctx.language, 0))
          .replace('{total}', formatNumber(all.length, ctx.language, 0)),
        { colour: MUTED, size: 8.5 },
      );
    }
    r.table(columns, rows);
  }
}

function methodologySection(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  const { doc } = r;
  const m = methodologyText(ctx.language, data.assessment.targetLevel);
  r.heading(sectionHeading(ctx, section), 1, 80);
  for (const p of m.paragraphs) {
    doc.font(FONT.regular).fontSize(9.5);
    const h = doc.heightOfString(p.text, { width: r.width, lineGap: 2 });
    r.ensure(h + 20);
    doc.font(FONT.bold).fontSize(9.5).fillColor(INK).text(p.lead, r.left, doc.y, { width: r.width });
    doc.y += 1;
    doc.font(FONT.regular).fontSize(9.5).fillColor(INK).text(p.text, r.left, doc.y, { width: r.width, lineGap: 2 });
    doc.y += 7;
    doc.x = r.left;
  }
  const columns: Column[] = [
    { header: m.scaleHeader[0], width: 0 },
    { header: m.scaleHeader[1], width: 90, align: 'right' },
  ];
  const rows: Row[] = m.scale.map(([answer, value]) => ({ cells: [answer, value] }));
  r.heading(r.t('answerScale'), 3, r.tableLead(columns, rows, rows.length), false);
  r.table(columns, rows);
}

function findingsSection(ctx: SectionContext, section: Section): void {
  const { r, language } = ctx;
  const findings = findingsFrom(ctx, section);
  const columns: Column[] = [
    { header: r.t('id'), width: 50 },
    { header: r.t('severity'), width: 60 },
    { header: `${r.t('title')} / ${r.t('recommendation')}`, width: 0 },
    { header: r.t('owner'), width: 72 },
    { header: r.t('due'), width: 58 },
    { header: r.t('statusCol'), width: 46 },
  ];
  const rows: Row[] = findings.flatMap((f): Row[] => [
    {
      kind: 'group',
      keepWithNext: true,
      cells: [
        f.requirement,
        severityPill(ctx, f.severity),
        f.title,
        f.owner ?? r.t('unassigned'),
        shortDate(f.due, language) || '–',
        statusLabel(r, f.status),
      ],
    },
    { kind: 'sub', spans: { 2: 4 }, cells: ['', '', f.recommendation, '', '', ''] },
  ]);
  r.heading(sectionHeading(ctx, section), 1, rows.length ? r.tableLead(columns, rows) : 30);
  if (!rows.length) r.paragraph(r.t('noFindings'));
  else r.table(columns, rows);
}

function phaseOf(f: FindingData, generatedAt: string): 0 | 1 | 2 {
  if (f.due) {
    const days = (Date.parse(f.due) - Date.parse(generatedAt)) / 86_400_000;
    if (!Number.isNaN(days)) return days <= 30 ? 0 : days <= 90 ? 1 : 2;
  }
  return f.severity === 'critical' ? 0 : f.severity === 'high' ? 1 : 2;
}

function roadmap(ctx: SectionContext, section: Section): void {
  const { r, data, language } = ctx;
  const { doc } = r;
  const findings = findingsFrom(ctx, section);
  r.heading(sectionHeading(ctx, section), 1, 120);
  if (!findings.length) {
    r.paragraph(r.t('noFindings'));
    return;
  }
  const phases = [0, 1, 2].map((p) => findings.filter((f) => phaseOf(f, data.generatedAt) === p));
  const names = [r.t('phase1'), r.t('phase2'), r.t('phase3')];
  const sevs = [r.t('critical'), r.t('high'), `${r.t('medium')} / ${r.t('low')}`];
  const colours = [SEVERITY_COLOURS.critical, SEVERITY_COLOURS.high, SEVERITY_COLOURS.medium];

  // The three phases as chevrons across the page.
  const gap = 6;
  const w = (r.width - 2 * gap) / 3;
  const h = 54;
  r.ensure(h + 16);
  const y = doc.y;
  phases.forEach((list, i) => {
    const x = r.left + i * (w + gap);
    const tip = 12;
    doc
      .moveTo(x, y)
      .lineTo(x + w - tip, y)
      .lineTo(x + w, y + h / 2)
      .lineTo(x + w - tip, y + h)
      .lineTo(x, y + h);
    if (i > 0) doc.lineTo(x + tip, y + h / 2);
    doc.closePath().fill(colours[i] ?? r.primary);
    const tx = x + (i > 0 ? tip + 6 : 10);
    doc
      .font(FONT.bold)
      .fontSize(10.5)
      .fillColor('#ffffff')
      .text(names[i] ?? '', tx, y + 9, { width: w - tip - 22, lineBreak: false });
    doc
      .font(FONT.regular)
      .fontSize(7.8)
      .text(sevs[i] ?? '', tx, y + 25, { width: w - tip - 22, lineBreak: false, ellipsis: true });
    doc
      .font(FONT.bold)
      .fontSize(7.8)
      .text(count(ctx, list.length, 'findingOne', 'findingsCount'), tx, y + 37, {
        width: w - tip - 22,
        lineBreak: false,
      });
  });
  doc.y = y + h + 14;
  doc.x = r.left;

  const columns: Column[] = [
    { header: r.t('id'), width: 50 },
    { header: r.t('severity'), width: 60 },
    { header: r.t('title'), width: 0 },
    { header: r.t('owner'), width: 96 },
    { header: r.t('due'), width: 66 },
  ];
  phases.forEach((list, i) => {
    if (!list.length) return;
    const rows: Row[] = list.map((f) => ({
      cells: [
        f.requirement,
        severityPill(ctx, f.severity),
        f.title,
        f.owner ?? r.t('unassigned'),
        shortDate(f.due, language) || '–',
      ],
    }));
    r.heading(`${names[i]} · ${sevs[i]}`, 3, r.tableLead(columns, rows));
    r.table(columns, rows);
  });
}

/** A Statement of Applicability line's justification: the reasons chosen, then the text written. */
function soaJustification(ctx: SectionContext, req: FrameworkData['requirements'][number]): string {
  const reasons = req.soa.reasons.map((x) => ctx.r.t(`reason_${x}`)).join(', ');
  return [reasons, req.soa.justification ?? ''].filter(Boolean).join(': ');
}

function soa(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  const id = section.framework ?? 'iso27001-2022';
  const fw = data.frameworks.find((f) => f.id === id);
  if (!fw) {
    r.heading(sectionHeading(ctx, section), 1, 30);
    r.paragraph(r.t('notInReport').replace('{framework}', id), { colour: MUTED });
    return;
  }
  const rows: Row[] = [];
  let applicable = 0;
  let missing = 0;
  for (const { domain, requirements } of domainGroups(fw)) {
    rows.push({ kind: 'group', keepWithNext: true, spans: { 1: 4 }, cells: [domain.id, domain.title, '', '', ''] });
    for (const req of requirements) {
      const applies = req.soa.applicable;
      if (applies) applicable++;
      const justification = soaJustification(ctx, req);
      if (!justification) missing++;
      rows.push({
        cells: [
          req.id,
          req.title,
          applies ? r.t('yes') : r.t('no'),
          justification || { pill: `! ${r.t('noJustification')}`, colour: SEVERITY_COLOURS.high },
          resultPill(ctx, applies ? req.result : 'not_applicable'),
        ],
      });
    }
  }
  const columns: Column[] = [
    { header: r.t('id'), width: 46 },
    { header: r.t('title'), width: 0 },
    { header: r.t('applicable'), width: 52 },
    { header: r.t('justification'), width: 160 },
    { header: r.t('implementation'), width: 88 },
  ];
  r.heading(sectionHeading(ctx, section), 1, 150);
  r.heading(fw.name, 3, 110, false);
  const total = fw.requirements.length;
  const n = (v: number) => formatNumber(v, ctx.language, 0);
  figureBoxes(r, [
    { value: n(total), label: r.t('controls') },
    { value: n(applicable), label: `${r.t('applicable')}: ${r.t('yes')}`, colour: RESULT_COLOURS.compliant },
    {
      value: n(total - applicable),
      label: `${r.t('applicable')}: ${r.t('no')}`,
      colour: RESULT_COLOURS.not_applicable,
    },
    {
      value: n(missing),
      label: r.t('noJustification'),
      colour: missing > 0 ? SEVERITY_COLOURS.high : RESULT_COLOURS.compliant,
    },
  ]);
  r.paragraph(
    missing === 0
      ? r.t('allJustified')
      : `${r
          .t(plural(missing, ctx.language, { one: 'missingJustificationOne', other: 'missingJustificationOther' }))
          .replace('{n}', n(missing))}. ${r.t('missingMark')}`,
    { colour: missing > 0 ? SEVERITY_COLOURS.high : MUTED, size: 9 },
  );
  r.ensure(r.tableLead(columns, rows, 3));
  r.table(columns, rows);
}

function coverage(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  r.heading(sectionHeading(ctx, section), 1, 40);
  if (!data.coverage.length) {
    r.paragraph(r.t('noCoverage'), { colour: MUTED });
    return;
  }
  const columns: Column[] = [
    { header: r.t('id'), width: 50 },
    { header: r.t('title'), width: 0 },
    { header: r.t('result'), width: 88 },
    { header: r.t('source'), width: 190 },
  ];
  data.coverage.forEach((c, i) => {
    if (i > 0) r.newPage();
    const rows: Row[] = c.requirements.map((q) => ({
      cells: [
        q.id,
        q.title,
        resultPill(ctx, q.result),
        q.sources
          .map((s) => `${s.framework}:${s.requirement} (${r.resultLabel(s.result)}, ${s.relationship})`)
          .join('\n'),
      ],
    }));
    r.heading(c.name, 2, 40 + r.tableLead(columns, rows));
    const counts = {
      compliant: c.counts.compliant ?? 0,
      partially_compliant: c.counts.partially_compliant ?? 0,
      non_compliant: c.counts.non_compliant ?? 0,
      not_applicable: c.counts.not_applicable ?? 0,
      not_assessed: c.counts.not_assessed ?? 0,
    };
    r.doc
      .font(FONT.regular)
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(
        `${count(ctx, c.requirements.length, 'requirementOne', 'requirementOther')} · ${r.t('inferredFrom')} ${c.framework}`,
      );
    r.doc.y += 4;
    resultBar(r, counts);
    r.table(columns, rows);
  });
}

function answerText(r: ReportDocument, q: QuestionData): string {
  if (!q.asked) return r.t('notAsked');
  return q.answer ?? r.t('notAnswered');
}

function domainTables(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  const { doc } = r;
  r.heading(sectionHeading(ctx, section), 1, 150);
  const columns: Column[] = section.answers
    ? [
        { header: r.t('id'), width: 50 },
        { header: `${r.t('requirement')} / ${r.t('question')}`, width: 0 },
        { header: r.t('answer'), width: 66 },
        { header: r.t('note'), width: 96 },
        { header: r.t('result'), width: 84 },
        { header: r.t('score'), width: 54, align: 'right' },
      ]
    : [
        { header: r.t('id'), width: 50 },
        { header: r.t('title'), width: 0 },
        { header: r.t('result'), width: 88 },
        { header: r.t('score'), width: 44, align: 'right' },
        { header: r.t('maturity'), width: 50, align: 'right' },
      ];
  let first = true;
  for (const fw of data.frameworks) {
    if (data.frameworks.length > 1) r.heading(fw.name, 3, 150, false);
    for (const { domain, requirements } of domainGroups(fw)) {
      const rows: Row[] = [];
      for (const req of requirements) {
        if (section.answers) {
          rows.push({
            kind: 'group',
            keepWithNext: req.questions.length > 0,
            spans: { 1: 3 },
            cells: [req.id, req.title, '', '', resultPill(ctx, req.result), score(ctx.language, req.score)],
          });
          for (const q of req.questions) {
            rows.push({
              kind: 'sub',
              cells: [q.id, q.text, answerText(r, q), q.note ?? '', '', score(ctx.language, q.score)],
            });
          }
        } else {
          rows.push({
            cells: [
              req.id,
              req.title,
              resultPill(ctx, req.result),
              score(ctx.language, req.score),
              decimal(ctx.language, req.maturity),
            ],
          });
        }
      }
      // Each domain after the first opens a page when less than a third of one is left.
      if (!first && doc.y > r.bottom - (r.bottom - r.top) / 3) r.newPage();
      first = false;
      r.heading(`${domain.id} ${domain.title}`, 2, 18 + r.tableLead(columns, rows, 3));
      doc
        .font(FONT.regular)
        .fontSize(8.5)
        .fillColor(MUTED)
        .text(
          `${r.t('compliance')} ${pct(ctx.language, domain.compliance)}  ·  ${r.t('maturity')} ${decimal(
            ctx.language,
            domain.maturity,
          )}  ·  ${count(ctx, requirements.length, 'requirementOne', 'requirementOther')}`,
          r.left,
          doc.y,
        );
      doc.y += 6;
      r.table(columns, rows);
    }
  }
}

function evidenceText(q: QuestionData): string {
  return q.evidence
    .map((e) => (e.kind === 'link' ? `${e.name}\n${e.url ?? ''}` : `${e.name}\nSHA-256 ${e.sha256 ?? '–'}`))
    .join('\n');
}

function answersAppendix(ctx: SectionContext, section: Section): void {
  const { r, data } = ctx;
  const columns: Column[] = [
    { header: r.t('id'), width: 52 },
    { header: r.t('question'), width: 0 },
    { header: r.t('answer'), width: 72 },
    { header: r.t('note'), width: 104 },
    { header: r.t('evidence'), width: 112 },
  ];
  r.heading(sectionHeading(ctx, section), 1, 120);
  for (const fw of data.frameworks) {
    const rows: Row[] = [];
    for (const req of fw.requirements) {
      rows.push({
        kind: 'group',
        keepWithNext: req.questions.length > 0,
        spans: { 1: 4 },
        cells: [req.id, req.title, '', '', ''],
      });
      for (const q of req.questions) {
        const ev = evidenceText(q);
        rows.push({
          kind: 'sub',
          cells: [q.id, q.text, answerText(r, q), q.note ?? '', ev ? { mono: ev } : ''],
        });
      }
    }
    r.heading(fw.name, 3, r.tableLead(columns, rows, 3), false);
    r.table(columns, rows);
  }
}

export function drawSection(ctx: SectionContext, section: Section): void {
  const { r } = ctx;
  if (section.type !== 'cover' && section.type !== 'toc') r.startSection(OWN_PAGE.has(section.type));
  switch (section.type) {
    case 'cover':
      return cover(ctx);
    case 'toc':
      return; // drawn by the renderer, which owns the reserved pages
    case 'executive-summary':
      return executiveSummary(ctx, section);
    case 'methodology':
      return methodologySection(ctx, section);
    case 'headline-figures':
      return headlineFigures(ctx, section);
    case 'radar-chart':
      return radarChart(ctx, section);
    case 'framework-bars':
      return frameworkBars(ctx, section);
    case 'heat-map':
      return heatMapSection(ctx, section);
    case 'domain-commentary':
      return domainCommentary(ctx, section);
    case 'top-findings':
      return topFindings(ctx, section);
    case 'domain-tables':
      return domainTables(ctx, section);
    case 'findings':
      return findingsSection(ctx, section);
    case 'roadmap':
      return roadmap(ctx, section);
    case 'soa':
      return soa(ctx, section);
    case 'coverage':
      return coverage(ctx, section);
    case 'answers-appendix':
      return answersAppendix(ctx, section);
  }
}
