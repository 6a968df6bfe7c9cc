import { formatNumber, formatPercent } from '../../../../kernel/locale-format.js';
import type { DomainData, ResultName, ScoreFigures } from '../../domain/report-data.js';
import {
  complianceColour,
  FONT,
  INK,
  MUTED,
  RESULT_COLOURS,
  RESULT_ORDER,
  RULE,
  type ReportDocument,
  SEVERITIES,
  SEVERITY_COLOURS,
  type Severity,
  tint,
} from './document.js';

/** Vector charts drawn straight into the page: figure boxes, radar, bars, heat map. */

const pct = (r: ReportDocument, v: number | null) => formatPercent(v, r.lang, 1);
const num = (r: ReportDocument, v: number | null) => formatNumber(v, r.lang, 1);

export interface Figure {
  readonly value: string;
  readonly label: string;
  readonly caption?: string;
  readonly colour?: string;
}

/** A row of equal boxes with a big number, a label and a caption. */
export function figureBoxes(r: ReportDocument, figures: readonly Figure[]): void {
  const { doc } = r;
  const gap = 10;
  const h = 64;
  const w = (r.width - gap * (figures.length - 1)) / figures.length;
  r.ensure(h + 8);
  const y = doc.y;
  figures.forEach((f, i) => {
    const x = r.left + i * (w + gap);
    doc.roundedRect(x, y, w, h, 4).fill(tint(r.primary, 0.06));
    doc.rect(x, y, 3, h).fill(f.colour ?? r.primary);
    doc
      .font(FONT.bold)
      .fontSize(19)
      .fillColor(f.colour ?? r.primary)
      .text(f.value, x + 12, y + 9, { width: w - 18, lineBreak: false, ellipsis: true });
    doc
      .font(FONT.bold)
      .fontSize(7.8)
      .fillColor(INK)
      .text(f.label.toUpperCase(), x + 12, y + 35, { width: w - 18, lineBreak: false, ellipsis: true });
    if (f.caption)
      doc
        .font(FONT.regular)
        .fontSize(7.2)
        .fillColor(MUTED)
        .text(f.caption, x + 12, y + 47, { width: w - 18, lineBreak: false, ellipsis: true });
  });
  doc.y = y + h + 10;
  doc.x = r.left;
}

/** One bar split by result, with a legend of the counts under it. */
export function resultBar(r: ReportDocument, counts: Readonly<Record<ResultName, number>>): void {
  const { doc } = r;
  const total = RESULT_ORDER.reduce((s, k) => s + (counts[k] ?? 0), 0);
  r.ensure(44);
  const y = doc.y;
  const h = 11;
  let x = r.left;
  if (total === 0) doc.rect(r.left, y, r.width, h).fill(RESULT_COLOURS.not_assessed);
  for (const k of RESULT_ORDER) {
    const n = counts[k] ?? 0;
    if (!n) continue;
    const w = (n / total) * r.width;
    doc.rect(x, y, w, h).fill(RESULT_COLOURS[k]);
    x += w;
  }
  let lx = r.left;
  const ly = y + h + 7;
  doc.font(FONT.regular).fontSize(7.8);
  for (const k of RESULT_ORDER) {
    const text = `${r.resultLabel(k)} ${counts[k] ?? 0}`;
    const w = doc.widthOfString(text) + 22;
    if (lx + w > r.right) break;
    doc.rect(lx, ly + 1, 7, 7).fill(RESULT_COLOURS[k]);
    doc.fillColor(INK).text(text, lx + 10, ly, { lineBreak: false });
    lx += w;
  }
  doc.y = ly + 18;
  doc.x = r.left;
}

/** The headline numbers of one framework or domain. */
export function headline(r: ReportDocument, s: ScoreFigures, target: number): void {
  figureBoxes(r, [
    { value: pct(r, s.compliance), label: r.t('compliance'), colour: complianceColour(s.compliance) },
    { value: num(r, s.maturity), label: r.t('maturity'), caption: `${r.t('target')} ${target}` },
    { value: num(r, s.gap), label: r.t('gap'), caption: `${r.t('target')} − ${r.t('maturity').toLowerCase()}` },
    { value: formatPercent(s.progress * 100, r.lang, 0), label: r.t('answered') },
  ]);
  resultBar(r, s.counts);
}

const radarRadius = (n: number) => (n > 10 ? 104 : 84);

/** Under this many domains a bar chart says more than a radar. */
const RADAR_MIN_DOMAINS = 5;

/** The points the radar (or its bar fallback) takes: what a heading above it keeps. */
export function radarHeight(n: number): number {
  return n < RADAR_MIN_DOMAINS ? 56 + 17 * n : 2 * radarRadius(n) + 96;
}

/** Domain maturity on a spider chart, with the target level as a dashed ring; bars under five domains. */
export function radar(r: ReportDocument, domains: readonly DomainData[], target: number): void {
  if (domains.length < RADAR_MIN_DOMAINS) {
    maturityBars(r, domains, target);
    return;
  }
  const { doc } = r;
  const radius = radarRadius(domains.length);
  const height = radarHeight(domains.length);
  const labelW = 104;
  r.ensure(height);
  const cx = r.left + r.width / 2;
  const cy = doc.y + radius + 32;
  const n = domains.length;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, v: number): [number, number] => [
    cx + Math.cos(angle(i)) * radius * (v / 5),
    cy + Math.sin(angle(i)) * radius * (v / 5),
  ];
  const ring = (v: number) => {
    const [x0, y0] = point(0, v);
    doc.moveTo(x0, y0);
    for (let i = 1; i < n; i++) doc.lineTo(...point(i, v));
    doc.closePath();
  };

  ring(5);
  doc.fill('#f7f9fb');
  for (let level = 1; level <= 5; level++) {
    ring(level);
    doc.lineWidth(0.5).strokeColor(RULE).stroke();
  }
  for (let i = 0; i < n; i++) {
    doc
      .moveTo(cx, cy)
      .lineTo(...point(i, 5))
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }
  doc.font(FONT.regular).fontSize(6).fillColor(MUTED);
  for (let level = 1; level <= 5; level++) {
    doc.text(String(level), cx + 2, cy - radius * (level / 5) - 7, { lineBreak: false });
  }

  // Target ring
  ring(Math.min(5, target));
  doc.lineWidth(1.2).dash(4, { space: 3 }).strokeColor(SEVERITY_COLOURS.medium).stroke().undash();

  // Maturity polygon
  const values = domains.map((d) => d.maturity ?? 0);
  const [sx, sy] = point(0, values[0] ?? 0);
  doc.moveTo(sx, sy);
  values.forEach((v, i) => i && doc.lineTo(...point(i, v)));
  doc.closePath();
  doc.fillOpacity(0.22).fill(r.primary).fillOpacity(1);
  doc.moveTo(sx, sy);
  values.forEach((v, i) => i && doc.lineTo(...point(i, v)));
  doc.closePath().lineWidth(1.6).strokeColor(r.primary).stroke();
  values.forEach((v, i) => doc.circle(...point(i, v), 2.2).fill(r.primary));

  // Axis labels: outside the outer ring, anchored away from the centre.
  const size = n > 10 ? 6.6 : 7.4;
  domains.forEach((d, i) => {
    const a = angle(i);
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    const [px, py] = point(i, 5);
    const ax = px + cos * 8;
    const ay = py + sin * 8;
    const name = d.title.length > 42 ? `${d.title.slice(0, 40)}…` : d.title;
    const value = num(r, d.maturity);
    doc.font(FONT.condBold).fontSize(size);
    const h = doc.heightOfString(name, { width: labelW }) + size + 2;
    const align = cos > 0.25 ? 'left' : cos < -0.25 ? 'right' : 'center';
    const x = align === 'left' ? ax : align === 'right' ? ax - labelW : ax - labelW / 2;
    const y = sin < -0.25 ? ay - h : sin > 0.25 ? ay : ay - h / 2;
    doc.fillColor(INK).text(name, x, y, { width: labelW, align });
    doc.font(FONT.cond).fontSize(size).fillColor(r.primary).text(value, x, doc.y, { width: labelW, align });
  });

  // Legend
  const ly = cy + radius + 34;
  doc
    .rect(r.left, ly + 1, 9, 7)
    .fillOpacity(0.3)
    .fill(r.primary)
    .fillOpacity(1);
  doc.font(FONT.regular).fontSize(7.5).fillColor(INK);
  doc.text(r.t('maturity'), r.left + 13, ly, { lineBreak: false });
  const lx = r.left + 20 + doc.widthOfString(r.t('maturity')) + 16;
  doc
    .moveTo(lx, ly + 4.5)
    .lineTo(lx + 16, ly + 4.5)
    .lineWidth(1.2)
    .dash(4, { space: 3 })
    .strokeColor(SEVERITY_COLOURS.medium)
    .stroke()
    .undash();
  doc.fillColor(INK).text(`${r.t('target')} ${target}`, lx + 21, ly, { lineBreak: false });
  doc
    .font(FONT.oblique)
    .fontSize(7)
    .fillColor(MUTED)
    .text(r.t('maturityScale'), r.left, ly + 13, { width: r.width });
  doc.y = ly + 30;
  doc.x = r.left;
}

/**
 * Maturity per domain as bars against the target (a dashed line), for
 * frameworks with fewer than five domains; each bar in its score band.
 */
function maturityBars(r: ReportDocument, domains: readonly DomainData[], target: number): void {
  bars(
    r,
    domains.map((d) => {
      const value = d.maturity === null ? null : (d.maturity / 5) * 100;
      return {
        label: `${d.id} ${d.title}`,
        value,
        text: num(r, d.maturity),
        bold: false,
        colour: complianceColour(value),
      };
    }),
    (target / 5) * 100,
    ['0', '1', '2', '3', '4', '5'],
  );
  r.doc.y -= 4;
  r.doc
    .font(FONT.oblique)
    .fontSize(7)
    .fillColor(MUTED)
    .text(`${r.t('maturityBarScale')} ${r.t('target')}: ${target}.`, r.left, r.doc.y, { width: r.width });
  r.doc.y += 8;
  r.doc.x = r.left;
}

export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
  readonly bold: boolean;
  readonly colour: string;
}

/** Horizontal bars on a 0–100 scale; an optional marker line (a target). */
export function bars(
  r: ReportDocument,
  items: readonly Bar[],
  marker: number | null = null,
  ticks: readonly string[] = ['0', '25', '50', '75', formatPercent(100, r.lang, 0)],
): void {
  const { doc } = r;
  const labelW = 178;
  const valueW = 46;
  const trackX = r.left + labelW + 8;
  const trackW = r.width - labelW - 8 - valueW;
  const rowH = 17;
  const drawAxis = () => {
    const y = doc.y;
    doc.font(FONT.regular).fontSize(6.5).fillColor(MUTED);
    ticks.forEach((t, i) => {
      const x = trackX + (trackW * i) / (ticks.length - 1);
      doc.text(t, x - 20, y, { width: 40, align: 'center', lineBreak: false });
    });
    doc.y = y + 11;
  };
  r.ensure(11 + rowH * Math.min(3, items.length));
  drawAxis();
  let top = doc.y;
  const gridlines = (from: number, to: number) => {
    ticks.forEach((_, i) => {
      const x = trackX + (trackW * i) / (ticks.length - 1);
      doc.moveTo(x, from).lineTo(x, to).lineWidth(0.4).strokeColor(RULE).stroke();
    });
  };
  items.forEach((item) => {
    if (doc.y + rowH > r.bottom) {
      gridlines(top, doc.y);
      r.newPage();
      drawAxis();
      top = doc.y;
    }
    const y = doc.y;
    doc
      .font(item.bold ? FONT.bold : FONT.regular)
      .fontSize(item.bold ? 8.2 : 7.8)
      .fillColor(INK)
      .text(r.fit(item.label, labelW - (item.bold ? 4 : 12)), r.left + (item.bold ? 0 : 8), y + 4, {
        lineBreak: false,
      });
    doc.rect(trackX, y + 3.5, trackW, rowH - 7).fill('#eef1f4');
    if (item.value !== null && item.value > 0) {
      doc.rect(trackX, y + 3.5, (trackW * Math.min(100, item.value)) / 100, rowH - 7).fill(item.colour);
    }
    doc
      .font(item.bold ? FONT.bold : FONT.regular)
      .fontSize(7.8)
      .fillColor(INK)
      .text(item.text, trackX + trackW + 4, y + 4, { width: valueW - 4, align: 'right', lineBreak: false });
    doc.y = y + rowH;
  });
  gridlines(top, doc.y);
  if (marker !== null) {
    const x = trackX + (trackW * Math.min(100, marker)) / 100;
    doc
      .moveTo(x, top)
      .lineTo(x, doc.y)
      .lineWidth(1.2)
      .dash(3, { space: 2 })
      .strokeColor(SEVERITY_COLOURS.medium)
      .stroke()
      .undash();
  }
  doc.y += 10;
  doc.x = r.left;
}

export interface HeatRow {
  readonly label: string;
  readonly counts: Readonly<Record<Severity, number>>;
}

/** Findings by domain (rows) and severity (columns), shaded by count. */
export function heatMap(r: ReportDocument, rows: readonly HeatRow[]): void {
  const { doc } = r;
  const labelW = 190;
  const totalW = 52;
  const cellW = (r.width - labelW - totalW) / SEVERITIES.length;
  const cellH = 20;
  const max = Math.max(1, ...rows.flatMap((row) => SEVERITIES.map((s) => row.counts[s])));
  const header = () => {
    const y = doc.y;
    doc.font(FONT.condBold).fontSize(7.6);
    SEVERITIES.forEach((s, i) => {
      const x = r.left + labelW + i * cellW;
      doc.rect(x + 1, y, cellW - 2, 16).fill(SEVERITY_COLOURS[s]);
      doc
        .fillColor(s === 'low' ? INK : '#ffffff')
        .text(r.t(s), x + 1, y + 4.5, { width: cellW - 2, align: 'center', lineBreak: false });
    });
    doc
      .fillColor(INK)
      .text(r.t('total'), r.left + labelW + 4 * cellW, y + 4.5, { width: totalW, align: 'center', lineBreak: false });
    doc.y = y + 18;
  };
  r.ensure(18 + cellH * Math.min(4, rows.length));
  header();
  for (const row of rows) {
    if (doc.y + cellH > r.bottom) {
      r.newPage();
      header();
    }
    const y = doc.y;
    doc
      .font(FONT.cond)
      .fontSize(7.8)
      .fillColor(INK)
      .text(r.fit(row.label, labelW - 8), r.left, y + 6, { lineBreak: false });
    let total = 0;
    SEVERITIES.forEach((s, i) => {
      const n = row.counts[s];
      total += n;
      const x = r.left + labelW + i * cellW;
      const strength = n ? 0.18 + 0.82 * (n / max) : 0;
      doc.rect(x + 1, y + 1, cellW - 2, cellH - 2).fill(n ? tint(SEVERITY_COLOURS[s], strength) : '#f3f5f7');
      doc
        .font(FONT.bold)
        .fontSize(8.5)
        .fillColor(n ? (strength > 0.55 ? '#ffffff' : INK) : '#a9b0b9')
        .text(String(n), x + 1, y + 5.5, { width: cellW - 2, align: 'center', lineBreak: false });
    });
    doc
      .font(FONT.bold)
      .fontSize(8.5)
      .fillColor(INK)
      .text(String(total), r.left + labelW + 4 * cellW, y + 5.5, { width: totalW, align: 'center', lineBreak: false });
    doc.y = y + cellH;
  }
  doc.y += 12;
  doc.x = r.left;
}
