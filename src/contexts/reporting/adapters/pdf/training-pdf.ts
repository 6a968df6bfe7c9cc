import type { TrainingRenderer } from '../../application/training-report.port.js';
import type { Branding, ReportTemplate, Section } from '../../domain/template.js';
import { sectionHeading } from '../../domain/template.js';
import type { TrainingFigures, TrainingReportData } from '../../domain/training-report-data.js';
import { bars, figureBoxes } from './charts.js';
import { drawCover, openReport, templateTitle } from './cover.js';
import {
  type Column,
  complianceColour,
  FONT,
  INK,
  MUTED,
  RULE,
  type ReportDocument,
  type Row,
  SEVERITY_COLOURS,
  tint,
} from './document.js';

/**
 * The training report PDF: the report document of the assessment reports
 * (A4, embedded fonts, running header and footer with the data hash, the
 * firm's colour and logo), with the training template's sections.
 */

interface Ctx {
  readonly r: ReportDocument;
  readonly data: TrainingReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly language: string;
  readonly number: Intl.NumberFormat;
  readonly integer: Intl.NumberFormat;
}

/** The overdue list shows the longest overdue first; past this many rows the report says how many more there are. */
const MAX_OVERDUE_ROWS = 300;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

const pct = (ctx: Ctx, v: number | null) => (v === null ? '–' : `${ctx.number.format(v)} %`);
const title = (ctx: Ctx, t: Readonly<Record<string, string>>, fallback: string) => t[ctx.language] ?? t.en ?? fallback;

function formatDay(iso: string, lang: string, style: 'long' | 'medium'): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00.000Z` : iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' }).format(d);
}

/** A step of 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

const heading = (ctx: Ctx, section: Section) => sectionHeading(section, ctx.language, (k) => ctx.r.t(k));

function cover(ctx: Ctx): void {
  const { r, data, branding, template, language } = ctx;
  const courses = data.course
    ? data.courses.map((c) => `${title(ctx, c.title, c.course)} (${c.course}@${c.version})`).join('\n') || data.course
    : r.t('allCourses');
  drawCover(r, {
    firm: branding.firmName,
    title: templateTitle(template, language),
    subtitle: data.organisation,
    rows: [
      [r.t('preparedFor'), data.organisation],
      [r.t('preparedBy'), branding.firmName],
      [r.t('courses'), courses],
      [r.t('people'), ctx.integer.format(data.totals.people)],
      [r.t('date'), formatDay(data.generatedAt, language, 'long')],
    ],
    dataHash: data.dataHash,
    logoPath: branding.logoPath,
  });
}

function figures(ctx: Ctx, section: Section): void {
  const { r, data } = ctx;
  const t = data.totals;
  r.heading(heading(ctx, section), 1);
  if (t.assigned === 0) {
    r.paragraph(r.t(data.courses.length ? 'noAssignments' : 'noCourses'), { colour: MUTED });
    return;
  }
  figureBoxes(r, [
    {
      value: pct(ctx, t.completionRate),
      label: r.t('completionRate'),
      caption: fill(r.t('ofAssigned'), {
        completed: ctx.integer.format(t.completed),
        assigned: ctx.integer.format(t.assigned),
      }),
      colour: complianceColour(t.completionRate),
    },
    {
      value: pct(ctx, t.passRate),
      label: r.t('passRate'),
      caption: fill(r.t('passedOf'), {
        passed: ctx.integer.format(t.passed),
        assigned: ctx.integer.format(t.assigned),
      }),
      colour: complianceColour(t.passRate),
    },
    {
      value: ctx.integer.format(t.overdue),
      label: r.t('overdueCount'),
      caption: r.t('overdueCaption'),
      colour: t.overdue ? SEVERITY_COLOURS.high : complianceColour(100),
    },
    { value: pct(ctx, t.averageScore), label: r.t('averageScore'), caption: r.t('scoreCaption') },
  ]);
}

const figureColumns = (r: ReportDocument): Column[] => [
  { header: r.t('assigned'), width: 50, align: 'right' },
  { header: r.t('completed'), width: 54, align: 'right' },
  { header: r.t('passed'), width: 50, align: 'right' },
  { header: r.t('overdue'), width: 52, align: 'right' },
  { header: r.t('completionRate'), width: 58, align: 'right' },
];

const figureCells = (ctx: Ctx, f: TrainingFigures) => [
  ctx.integer.format(f.assigned),
  ctx.integer.format(f.completed),
  ctx.integer.format(f.passed),
  ctx.integer.format(f.overdue),
  pct(ctx, f.completionRate),
];

function rateBars(ctx: Ctx, items: readonly { label: string; figures: TrainingFigures }[]): void {
  bars(
    ctx.r,
    items.map((i) => ({
      label: i.label,
      value: i.figures.completionRate,
      text: pct(ctx, i.figures.completionRate),
      bold: false,
      colour: complianceColour(i.figures.completionRate),
    })),
  );
}

function courses(ctx: Ctx, section: Section): void {
  const { r, data } = ctx;
  r.heading(heading(ctx, section), 1);
  if (!data.courses.length) {
    r.paragraph(r.t('noCourses'), { colour: MUTED });
    return;
  }
  rateBars(
    ctx,
    data.courses.map((c) => ({ label: title(ctx, c.title, c.course), figures: c })),
  );
  const columns: Column[] = [
    { header: r.t('course'), width: 0 },
    ...figureColumns(r),
    { header: r.t('score'), width: 50, align: 'right' },
    { header: r.t('lastCompleted'), width: 66 },
  ];
  const rows: Row[] = data.courses.map((c) => ({
    cells: [
      `${title(ctx, c.title, c.course)}\n${c.course}@${c.version}`,
      ...figureCells(ctx, c),
      pct(ctx, c.averageScore),
      c.lastCompletedAt ? formatDay(c.lastCompletedAt, ctx.language, 'medium') : '–',
    ],
  }));
  r.ensure(r.tableLead(columns, rows));
  r.table(columns, rows);
  r.paragraph(r.t('coursesNote'), { size: 8, colour: MUTED });
}

function roles(ctx: Ctx, section: Section): void {
  const { r, data } = ctx;
  r.heading(heading(ctx, section), 1);
  if (!data.roles.length) {
    r.paragraph(r.t('noAssignments'), { colour: MUTED });
    return;
  }
  rateBars(
    ctx,
    data.roles.map((g) => ({ label: r.t(g.role), figures: g })),
  );
  const columns: Column[] = [
    { header: r.t('role'), width: 0 },
    { header: r.t('people'), width: 62, align: 'right' },
    ...figureColumns(r),
    { header: r.t('passRate'), width: 58, align: 'right' },
  ];
  const rows: Row[] = data.roles.map((g) => ({
    cells: [r.t(g.role), ctx.integer.format(g.people), ...figureCells(ctx, g), pct(ctx, g.passRate)],
  }));
  r.ensure(r.tableLead(columns, rows));
  r.table(columns, rows);
  r.paragraph(r.t('rolesNote'), { size: 8, colour: MUTED });
}

/** Completions per month as columns (the passed part darker), with the counts above. */
function trend(ctx: Ctx, section: Section): void {
  const { r, data, language } = ctx;
  const { doc } = r;
  const chartH = 150;
  r.heading(heading(ctx, section), 1, chartH + 40);
  const months = data.months;
  const max = Math.max(1, ...months.map((m) => m.completions));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  doc.font(FONT.regular).fontSize(6.5);
  const axisW = doc.widthOfString(ctx.integer.format(top)) + 8;
  const x0 = r.left + axisW;
  const w = r.width - axisW;
  const y0 = doc.y + 8;
  const base = y0 + chartH;
  doc.font(FONT.regular).fontSize(6.5).fillColor(MUTED);
  for (let v = 0; v <= top; v += step) {
    const y = base - (v / top) * chartH;
    doc
      .moveTo(x0, y)
      .lineTo(x0 + w, y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.text(ctx.integer.format(v), r.left, y - 3.5, { width: axisW - 4, align: 'right', lineBreak: false });
  }
  const slot = w / months.length;
  const barW = Math.min(28, slot * 0.62);
  const monthName = new Intl.DateTimeFormat(language, { month: 'short', timeZone: 'UTC' });
  months.forEach((m, i) => {
    const cx = x0 + slot * i + slot / 2;
    const h = (m.completions / top) * chartH;
    const hp = (m.passed / top) * chartH;
    if (h > 0) {
      doc.rect(cx - barW / 2, base - h, barW, h).fill(tint(r.primary, 0.35));
      if (hp > 0) doc.rect(cx - barW / 2, base - hp, barW, hp).fill(r.primary);
      doc
        .font(FONT.bold)
        .fontSize(7)
        .fillColor(INK)
        .text(ctx.integer.format(m.completions), cx - slot / 2, base - h - 10, {
          width: slot,
          align: 'center',
          lineBreak: false,
        });
    }
    const d = new Date(`${m.month}-01T00:00:00.000Z`);
    doc
      .font(FONT.regular)
      .fontSize(6.8)
      .fillColor(MUTED)
      .text(monthName.format(d).replace(/\.$/, ''), cx - slot / 2, base + 4, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
    if (i === 0 || m.month.endsWith('-01'))
      doc.text(m.month.slice(0, 4), cx - slot / 2, base + 13, { width: slot, align: 'center', lineBreak: false });
  });
  doc
    .moveTo(x0, base)
    .lineTo(x0 + w, base)
    .lineWidth(0.8)
    .strokeColor(MUTED)
    .stroke();
  doc.y = base + 30;
  doc.x = r.left;
  r.paragraph(r.t('trendNote'), { size: 8, colour: MUTED });
  const columns: Column[] = [
    { header: r.t('month'), width: 0 },
    { header: r.t('completions'), width: 90, align: 'right' },
    { header: r.t('passed'), width: 90, align: 'right' },
  ];
  const monthYear = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const rows: Row[] = months
    .filter((m) => m.completions > 0)
    .map((m) => ({
      cells: [
        monthYear.format(new Date(`${m.month}-01T00:00:00.000Z`)),
        ctx.integer.format(m.completions),
        ctx.integer.format(m.passed),
      ],
    }));
  if (rows.length) {
    r.ensure(r.tableLead(columns, rows));
    r.table(columns, rows);
  }
}

function overdue(ctx: Ctx, section: Section): void {
  const { r, data, language } = ctx;
  r.heading(heading(ctx, section), 1);
  if (!data.overdue.length) {
    r.paragraph(r.t('noOverdue'), { colour: MUTED });
    return;
  }
  const today = Date.parse(`${data.asOf}T00:00:00.000Z`);
  const columns: Column[] = [
    { header: r.t('person'), width: 0 },
    { header: r.t('role'), width: 70 },
    { header: r.t('course'), width: 118 },
    { header: r.t('due'), width: 62 },
    { header: r.t('daysLate'), width: 44, align: 'right' },
    { header: r.t('state'), width: 88 },
  ];
  const rows: Row[] = data.overdue.slice(0, MAX_OVERDUE_ROWS).map((o) => ({
    cells: [
      o.name ? `${o.name}\n${o.email}` : o.email,
      r.t(o.role),
      title(ctx, o.title, o.course),
      formatDay(o.due, language, 'medium'),
      String(Math.max(0, Math.round((today - Date.parse(`${o.due}T00:00:00.000Z`)) / 86_400_000))),
      o.failed
        ? {
            pill: fill(r.t('failedQuiz'), { score: o.score === null ? '–' : `${o.score} %` }),
            colour: SEVERITY_COLOURS.medium,
          }
        : { pill: r.t('notTaken'), colour: SEVERITY_COLOURS.high },
    ],
  }));
  r.ensure(r.tableLead(columns, rows));
  r.table(columns, rows);
  if (data.overdue.length > MAX_OVERDUE_ROWS) {
    r.paragraph(fill(r.t('overdueMore'), { shown: MAX_OVERDUE_ROWS, total: ctx.integer.format(data.overdue.length) }), {
      size: 8,
      colour: MUTED,
    });
  }
}

const DRAW: Partial<Record<Section['type'], (ctx: Ctx, section: Section) => void>> = {
  'training-figures': figures,
  'training-courses': courses,
  'training-roles': roles,
  'training-trend': trend,
  'training-overdue': overdue,
};

export const renderTrainingPdf: TrainingRenderer = async ({ data, template, branding, language, sealPlaceholder }) => {
  const r = openReport({
    template,
    branding,
    language,
    dataHash: data.dataHash,
    generatedAt: data.generatedAt,
    subject: data.organisation,
    keywords: [template.id, ...(data.course ? [data.course] : [])],
    sealPlaceholder,
  });
  const ctx: Ctx = {
    r,
    data,
    template,
    branding,
    language,
    number: new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    integer: new Intl.NumberFormat(language),
  };
  for (const section of template.sections) {
    if (section.type === 'cover') {
      r.startSection(true);
      cover(ctx);
      r.pending = true;
      continue;
    }
    const draw = DRAW[section.type];
    if (!draw) continue;
    r.startSection(false);
    draw(ctx, section);
  }
  r.finish();
  return r.toBuffer();
};
