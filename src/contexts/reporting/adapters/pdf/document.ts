import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { ResultName } from '../../domain/report-data.js';
import { type ScoreBand, scoreBand } from '../../domain/score-bands.js';
import { label, type ReportTemplate } from '../../domain/template.js';
import { deflatePages, type LineCache, speedUp } from './fast-pdfkit.js';

/**
 * The page, the fonts, the colours and the layout primitives every section
 * draws with: headings that never end a page, paragraphs, and tables that
 * break between rows with their header repeated.
 */

// Resolved from this module so it works from src/ (tests) and from the bundle in dist/.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const REGULAR_FILE = join(fontDir, 'DejaVuSans.ttf');

export const FONT = {
  // The document's initial font, opened by path: pdfkit caches it under that
  // key, where a second registered name for the same file would be re-read on
  // every font switch.
  regular: REGULAR_FILE,
  bold: 'Sans-Bold',
  oblique: 'Sans-Oblique',
  cond: 'Cond',
  condBold: 'Cond-Bold',
  condOblique: 'Cond-Oblique',
  mono: 'Mono',
} as const;

const FONT_FILES: Record<string, string> = {
  [FONT.bold]: 'DejaVuSans-Bold.ttf',
  [FONT.oblique]: 'DejaVuSans-Oblique.ttf',
  [FONT.cond]: 'DejaVuSansCondensed.ttf',
  [FONT.condBold]: 'DejaVuSansCondensed-Bold.ttf',
  [FONT.condOblique]: 'DejaVuSansCondensed-Oblique.ttf',
  [FONT.mono]: 'DejaVuSansMono.ttf',
};

export const INK = '#1d2433';
export const MUTED = '#5f6b7a';
export const RULE = '#d5dae1';
export const ZEBRA = '#f5f7fa';

export const RESULT_COLOURS: Record<ResultName, string> = {
  compliant: '#2e7d32',
  partially_compliant: '#e09b00',
  non_compliant: '#c62828',
  not_applicable: '#8a9099',
  not_assessed: '#c4c9d0',
};
export const RESULT_ORDER: readonly ResultName[] = [
  'compliant',
  'partially_compliant',
  'non_compliant',
  'not_applicable',
  'not_assessed',
];

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#7f0f1e',
  high: '#c62828',
  medium: '#ef7d00',
  low: '#d9a900',
};

/** Score bands (domain/score-bands.ts) in the result colours, so a reader learns one scale. */
const BAND_COLOURS: Record<ScoreBand, string> = {
  none: RESULT_COLOURS.not_assessed,
  weak: RESULT_COLOURS.non_compliant,
  fair: RESULT_COLOURS.partially_compliant,
  strong: RESULT_COLOURS.compliant,
};

export function complianceColour(pct: number | null): string {
  return BAND_COLOURS[scoreBand(pct)];
}

/** `#rrggbb` mixed with white: t = 0 is white, 1 the colour. */
export function tint(hex: string, t: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  const [r, g, b] = [mix((n >> 16) & 255), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** Words the templates do not carry, in the languages renfe ships. */
const FALLBACK: Record<string, Record<string, string>> = {
  en: {
    phase1: '0–30 days',
    phase2: '30–90 days',
    phase3: '90+ days',
    total: 'Total',
    frameworks: 'Frameworks',
    notInReport: 'This assessment does not include {framework}.',
    noCoverage: 'No other framework is covered through the mappings.',
    notAnswered: 'Not answered',
    notAsked: 'Not asked',
    findingsCount: 'findings',
    maturityScale: 'Maturity 0–5 by domain; the dashed ring is the target level.',
    findingOne: 'finding',
    requirementOne: 'requirement',
    requirementOther: 'requirements',
    maturityBarScale: 'Maturity 0–5 by domain; the dashed line is the target level.',
    shownOf: '{shown} of {total} shown, most severe first; the findings section lists them all.',
    methodology: 'Methodology',
    answerScale: 'The answer scale',
    noJustification: 'No justification',
    controls: 'Controls',
    missingJustificationOne: '{n} control has no justification',
    missingJustificationOther: '{n} controls have no justification',
    allJustified: 'Every control has a justification.',
    missingMark: '“! No justification” marks each of them in the table.',
    reason_risk: 'Risk treatment',
    reason_legal: 'Legal or regulatory',
    reason_contract: 'Contract',
    reason_business: 'Business need',
    notDecided: 'applies by default',
    domain: 'Domain',
    status_open: 'Open',
    status_draft: 'Draft',
    status_in_progress: 'In progress',
    status_in_review: 'In review',
    status_final: 'Final',
    level: 'Level',
    statusCol: 'Status',
    id: 'Ref.',
    title: 'Title',
    none: 'None',
  },
  es: {
    phase1: '0–30 días',
    phase2: '30–90 días',
    phase3: 'Más de 90 días',
    total: 'Total',
    frameworks: 'Marcos',
    notInReport: 'Esta evaluación no incluye {framework}.',
    noCoverage: 'Las correspondencias no cubren ningún otro marco.',
    notAnswered: 'Sin responder',
    notAsked: 'No aplica por respuestas previas',
    findingsCount: 'hallazgos',
    maturityScale: 'Madurez 0–5 por dominio; el anillo discontinuo es el nivel objetivo.',
    findingOne: 'hallazgo',
    requirementOne: 'requisito',
    requirementOther: 'requisitos',
    maturityBarScale: 'Madurez 0–5 por dominio; la línea discontinua es el nivel objetivo.',
    shownOf: '{shown} de {total} mostrados, los más graves primero; la sección de hallazgos los recoge todos.',
    methodology: 'Metodología',
    answerScale: 'La escala de respuestas',
    noJustification: 'Sin justificación',
    controls: 'Controles',
    missingJustificationOne: '{n} control no tiene justificación',
    missingJustificationOther: '{n} controles no tienen justificación',
    allJustified: 'Todos los controles tienen justificación.',
    missingMark: '«! Sin justificación» señala cada uno en la tabla.',
    reason_risk: 'Tratamiento del riesgo',
    reason_legal: 'Requisito legal',
    reason_contract: 'Contrato',
    reason_business: 'Necesidad de negocio',
    notDecided: 'aplica por defecto',
    domain: 'Dominio',
    status_open: 'Abierto',
    status_draft: 'Borrador',
    status_in_progress: 'En curso',
    status_in_review: 'En revisión',
    status_final: 'Final',
    level: 'Nivel',
    statusCol: 'Estado',
    id: 'Ref.',
    title: 'Título',
    none: 'Ninguno',
  },
};

export interface TocEntry {
  readonly title: string;
  readonly level: 1 | 2;
  readonly page: number;
  /** The named destination at the heading, which the contents entry links to. */
  readonly destination: string;
}

export type Cell = string | { readonly pill: string; readonly colour: string } | { readonly mono: string } | null;

export interface Column {
  readonly header: string;
  /** Points; 0 shares what is left among the flexible columns. */
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
}

export interface Row {
  readonly cells: readonly Cell[];
  /** group: a bold lead row (a requirement); sub: a smaller, indented row under it. */
  readonly kind?: 'group' | 'sub';
  /** Never leave this row as the last on a page. */
  readonly keepWithNext?: boolean;
  /** Cells that run over the next columns: column index → how many columns in all. */
  readonly spans?: Readonly<Record<number, number>>;
}

/** Each cell's width in this row, 0 for the cells a span covers. */
function cellWidths(row: Row, widths: readonly number[]): number[] {
  if (!row.spans) return [...widths];
  const out = [...widths];
  for (const [key, n] of Object.entries(row.spans)) {
    const i = Number(key);
    let w = 0;
    for (let k = i; k < i + n && k < widths.length; k++) {
      w += widths[k] ?? 0;
      if (k > i) out[k] = 0;
    }
    out[i] = w;
  }
  return out;
}

const PAD_X = 4;
const PAD_Y = 3.5;
const TABLE_SIZE = 7.8;
const SUB_SIZE = 7.2;
const LINE_GAP = 0.8;

interface CellFont {
  readonly font: string;
  readonly size: number;
  readonly colour: string;
  readonly gap: number;
}
const GROUP_CELL: CellFont = { font: FONT.condBold, size: TABLE_SIZE, colour: INK, gap: LINE_GAP };
const SUB_CELL: CellFont = { font: FONT.cond, size: SUB_SIZE, colour: '#3a4452', gap: LINE_GAP };
const BODY_CELL: CellFont = { font: FONT.cond, size: TABLE_SIZE, colour: INK, gap: LINE_GAP };
const MONO_CELL: CellFont = { font: FONT.mono, size: 6, colour: MUTED, gap: 0.5 };

export interface ReportOptions {
  readonly title: string;
  readonly firm: string;
  readonly primary: string;
  readonly template: ReportTemplate;
  readonly language: string;
  readonly dataHash: string;
  readonly info: PDFKit.DocumentInfo;
  /** Draw with plain pdfkit, without the speed-ups of fast-pdfkit.ts (which must not change a byte). */
  readonly plain?: boolean;
}

/** One report being drawn: the pdfkit document plus where we are on the page. */
export class ReportDocument {
  readonly doc: PDFKit.PDFDocument;
  readonly toc: TocEntry[] = [];
  /** The outline (bookmarks) item of the last level-1 heading, under which level-2 headings go. */
  private outlineSection: PDFKit.PDFOutline | null = null;
  readonly left = 56;
  readonly top = 80;
  readonly width: number;
  readonly bottom: number;
  readonly primary: string;
  /** Pages without the running header (the cover). */
  private readonly bare = new Set<number>();
  /** Lines drawn from recorded operators; null when drawing with plain pdfkit. */
  private readonly lines: LineCache | null;

  constructor(private readonly options: ReportOptions) {
    this.primary = options.primary;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: this.top, bottom: 72, left: this.left, right: 56 },
      bufferPages: true,
      autoFirstPage: true,
      font: REGULAR_FILE,
      info: options.info,
      pdfVersion: '1.7',
      displayTitle: true,
      lang: options.language,
    });
    for (const [name, file] of Object.entries(FONT_FILES)) this.doc.registerFont(name, join(fontDir, file));
    this.lines = options.plain ? null : speedUp(this.doc);
    this.width = this.doc.page.width - this.left - 56;
    this.bottom = this.doc.page.height - 72;
    this.doc.font(FONT.regular).fontSize(10).fillColor(INK);
  }

  /** The report's language. */
  get lang(): string {
    return this.options.language;
  }

  get right(): number {
    return this.left + this.width;
  }

  /** A label in the report's language: the template's, then renfe's own, then English. */
  t(key: string): string {
    const { template, language } = this.options;
    const found = label(template, language, key);
    if (found !== key) return found;
    return FALLBACK[language]?.[key] ?? FALLBACK.en?.[key] ?? key;
  }

  /** `text` cut with an ellipsis to fit `width` in the current font, for one-line labels. */
  fit(text: string, width: number): string {
    const { doc } = this;
    if (doc.widthOfString(text) <= width) return text;
    let cut = text.length;
    while (cut > 1 && doc.widthOfString(`${text.slice(0, cut)}…`) > width) cut--;
    return `${text.slice(0, cut).trimEnd()}…`;
  }

  resultLabel(result: ResultName): string {
    return this.t(result);
  }

  /** The zero-based index of the page being drawn. */
  get page(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  markBare(): void {
    this.bare.add(this.page);
  }

  /** True when nothing has been drawn below the top margin of this page yet. */
  get atTop(): boolean {
    return this.doc.y <= this.top + 0.5;
  }

  /** Set after the cover and the reserved contents: the next section opens a page. */
  pending = false;

  startSection(ownPage: boolean): void {
    if (this.pending) {
      this.pending = false;
      this.doc.addPage();
      this.doc.x = this.left;
      this.doc.y = this.top;
    } else if (ownPage) this.newPage();
    else this.space(10);
  }

  newPage(): void {
    if (this.atTop) return;
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Breaks the page unless `height` more points fit on it. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  space(points: number): void {
    if (!this.atTop) this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /**
   * A heading kept with at least `keep` points of what follows. Level 1 and 2
   * headings go into the table of contents.
   */
  heading(text: string, level: 1 | 2 | 3, keep = 60, toc = level < 3): void {
    const { doc } = this;
    const size = level === 1 ? 17 : level === 2 ? 12.5 : 10;
    const font = FONT.bold;
    doc.font(font).fontSize(size);
    const h = doc.heightOfString(text, { width: this.width });
    const before = level === 1 ? 6 : level === 2 ? 12 : 8;
    const after = level === 1 ? 14 : level === 2 ? 6 : 4;
    this.ensure(before + h + after + keep);
    this.space(before);
    if (toc) {
      // The contents entry links here, and the PDF outline mirrors the contents.
      const destination = `section-${this.toc.length + 1}`;
      doc.addNamedDestination(destination, 'XYZ', null, doc.y, null);
      this.toc.push({ title: text, level: level === 1 ? 1 : 2, page: this.page + 1, destination });
      if (level === 1) this.outlineSection = doc.outline.addItem(text);
      else (this.outlineSection ?? doc.outline).addItem(text);
    }
    const y = doc.y;
    if (level === 1) {
      doc
        .rect(this.left, y + 2, 4, h - 4)
        .fill(this.primary)
        .fillColor(this.primary);
      doc.text(text, this.left + 12, y, { width: this.width - 12 });
      doc
        .moveTo(this.left, doc.y + 4)
        .lineTo(this.right, doc.y + 4)
        .lineWidth(0.6)
        .strokeColor(RULE)
        .stroke();
    } else {
      doc.fillColor(level === 2 ? INK : this.primary).text(text, this.left, y, { width: this.width });
    }
    doc.y += after;
    doc.x = this.left;
    doc.font(FONT.regular).fontSize(10).fillColor(INK);
  }

  paragraph(text: string, options: { size?: number; colour?: string; font?: string } = {}): void {
    const { doc } = this;
    doc
      .font(options.font ?? FONT.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.colour ?? INK);
    const h = doc.heightOfString(text, { width: this.width, lineGap: 2.5 });
    // Keep short paragraphs whole; long ones may run over the page.
    this.ensure(Math.min(h, 60));
    doc.text(text, this.left, doc.y, { width: this.width, lineGap: 2.5, align: 'left' });
    doc.y += 7;
    doc.x = this.left;
  }

  /** A small rounded label, e.g. a result or a severity. Returns its width. */
  pill(text: string, colour: string, x: number, y: number, maxWidth: number, size = 6.8): number {
    const { doc } = this;
    doc.font(FONT.condBold).fontSize(size);
    const w = Math.min(maxWidth, doc.widthOfString(text) + 9);
    const h = size + 5.5;
    doc.roundedRect(x, y, w, h, h / 2).fill(colour);
    const light = colour === RESULT_COLOURS.not_assessed || colour === SEVERITY_COLOURS.low;
    doc
      .fillColor(light ? INK : '#ffffff')
      .text(text, x, y + 2.6, { width: w, align: 'center', lineBreak: false, ellipsis: true, height: size + 2 });
    return w;
  }

  private columnWidths(columns: readonly Column[]): number[] {
    const fixed = columns.reduce((sum, c) => sum + c.width, 0);
    const flex = columns.filter((c) => c.width === 0).length;
    const share = flex ? Math.max(40, (this.width - fixed) / flex) : 0;
    return columns.map((c) => (c.width === 0 ? share : c.width));
  }

  /**
   * Greedy word wrap with pdfkit's per-word width cache, in the current font.
   * Measuring and drawing share the lines, so each cell is wrapped once
   * (pdfkit's own wrapper would run twice: heightOfString, then text).
   */
  private wrap(text: string, width: number): string[] {
    const { doc } = this;
    const lines: string[] = [];
    const space = doc.widthOfString(' ');
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineW = 0;
      const words = paragraph.split(' ').filter(Boolean);
      words.forEach((word, n) => {
        // Measured as pdfkit lays it out when the line is drawn: with its
        // trailing space, but the paragraph's last word (often the only one:
        // an id) without, so each string is laid out once.
        let w = n < words.length - 1 ? doc.widthOfString(`${word} `) - space : doc.widthOfString(word);
        if (line && lineW + space + w <= width) {
          line += ` ${word}`;
          lineW += space + w;
          return;
        }
        if (line) lines.push(line);
        line = word;
        lineW = w;
        // A word wider than the cell (a hash, a URL) is cut where it has to be.
        while (w > width && line.length > 1) {
          let cut = Math.max(1, Math.floor((line.length * width) / w));
          while (cut > 1 && doc.widthOfString(line.slice(0, cut)) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
          w = doc.widthOfString(line);
          lineW = w;
        }
      });
      lines.push(line);
    }
    return lines;
  }

  /** Each cell's lines, worked out when the row is measured and reused when it is drawn. */
  private readonly wrapped = new WeakMap<Row, (string[] | null)[]>();

  private cellFont(cell: Cell, row: Row): CellFont {
    if (cell !== null && typeof cell === 'object' && 'mono' in cell) return MONO_CELL;
    return row.kind === 'group' ? GROUP_CELL : row.kind === 'sub' ? SUB_CELL : BODY_CELL;
  }

  private rowHeight(row: Row, widths: readonly number[]): number {
    const { doc } = this;
    const ws = cellWidths(row, widths);
    const all: (string[] | null)[] = [];
    let h = 0;
    row.cells.forEach((cell, i) => {
      all.push(null);
      if (!ws[i] || cell === null || cell === '') return;
      if (typeof cell === 'object' && 'pill' in cell) {
        h = Math.max(h, 12);
        return;
      }
      const f = this.cellFont(cell, row);
      doc.font(f.font).fontSize(f.size);
      const lines = this.wrap(typeof cell === 'string' ? cell : cell.mono, (ws[i] ?? 0) - 2 * PAD_X);
      all[i] = lines;
      h = Math.max(h, lines.length * (doc.currentLineHeight(true) + f.gap));
    });
    this.wrapped.set(row, all);
    return Math.min(Math.ceil(h + 2 * PAD_Y), this.bottom - this.top - 40);
  }

  private headerRow(columns: readonly Column[], widths: readonly number[]): number {
    const { doc } = this;
    doc.font(FONT.condBold).fontSize(7.2);
    const h =
      Math.max(...columns.map((c, i) => doc.heightOfString(c.header, { width: (widths[i] ?? 0) - 2 * PAD_X }))) +
      2 * PAD_Y +
      1;
    return Math.ceil(h);
  }

  /** The points a table needs for its header and first `rows` rows: what a heading above it keeps. */
  tableLead(columns: readonly Column[], rows: readonly Row[], count = 2): number {
    const widths = this.columnWidths(columns);
    let h = this.headerRow(columns, widths);
    for (const row of rows.slice(0, count)) h += this.rowHeight(row, widths);
    return h + 2;
  }

  table(columns: readonly Column[], rows: readonly Row[]): void {
    const { doc } = this;
    const widths = this.columnWidths(columns);
    const xs: number[] = [];
    widths.reduce((x, w) => (xs.push(x), x + w), this.left);
    const headerH = this.headerRow(columns, widths);
    const totalW = widths.reduce((a, b) => a + b, 0);

    const drawHeader = () => {
      const y = doc.y;
      doc.rect(this.left, y, totalW, headerH).fill(this.primary);
      doc.font(FONT.condBold).fontSize(7.2).fillColor('#ffffff');
      columns.forEach((c, i) => {
        doc.text(c.header, (xs[i] ?? 0) + PAD_X, y + PAD_Y + 0.5, {
          width: (widths[i] ?? 0) - 2 * PAD_X,
          align: c.align ?? 'left',
          lineGap: 0,
        });
      });
      doc.y = y + headerH;
    };

    const heights = rows.map((r) => this.rowHeight(r, widths));
    this.ensure(headerH + (heights[0] ?? 0));
    drawHeader();
    let stripe = 0;
    rows.forEach((row, index) => {
      const h = heights[index] ?? 0;
      let need = h;
      if (row.keepWithNext && index + 1 < rows.length) need += heights[index + 1] ?? 0;
      if (doc.y + need > this.bottom) {
        doc.addPage();
        doc.y = this.top;
        drawHeader();
      }
      const y = doc.y;
      if (row.kind !== 'sub') stripe++;
      if (row.kind === 'group') doc.rect(this.left, y, totalW, h).fill(tint(this.primary, 0.08));
      else if (stripe % 2 === 0) doc.rect(this.left, y, totalW, h).fill(ZEBRA);
      const ws = cellWidths(row, widths);
      row.cells.forEach((cell, i) => {
        if (cell === null || cell === '' || !ws[i]) return;
        const x = (xs[i] ?? 0) + PAD_X;
        const w = (ws[i] ?? 0) - 2 * PAD_X;
        const align = columns[i]?.align ?? 'left';
        if (typeof cell === 'object' && 'pill' in cell) {
          this.pill(cell.pill, cell.colour, x, y + PAD_Y - 0.5, w);
          return;
        }
        const lines = this.wrapped.get(row)?.[i] ?? [];
        const cf = this.cellFont(cell, row);
        doc.font(cf.font).fontSize(cf.size).fillColor(cf.colour);
        const step = doc.currentLineHeight(true) + cf.gap;
        const fit = Math.max(1, Math.floor((h - PAD_Y) / step));
        lines.slice(0, fit).forEach((line, k) => {
          const text = k === fit - 1 && lines.length > fit ? `${line.slice(0, -1)}…` : line;
          // No width: pdfkit would run its line wrapper again on a line already wrapped.
          const dx = align === 'left' ? 0 : (w - doc.widthOfString(text)) / (align === 'right' ? 1 : 2);
          this.line(text, x + dx, y + PAD_Y + k * step);
        });
      });
      doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + totalW, y + h)
        .lineWidth(row.kind === 'sub' && rows[index + 1]?.kind === 'sub' ? 0.25 : 0.5)
        .strokeColor(RULE)
        .stroke();
      doc.y = y + h;
    });
    doc.x = this.left;
    doc.y += 10;
    doc.font(FONT.regular).fontSize(10).fillColor(INK);
  }

  /** One line of text at (x, y), as `doc.text(text, x, y, { lineBreak: false })` draws it. */
  private line(text: string, x: number, y: number): void {
    if (this.lines) this.lines.draw(text, x, y);
    else this.doc.text(text, x, y, { lineBreak: false });
  }

  /** Running header and footer on every page, once the page count is known. */
  finish(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    const total = range.count;
    const hash = `${this.t('dataHash')} ${this.options.dataHash.slice(0, 12)}`;
    for (let i = range.start; i < range.start + total; i++) {
      doc.switchToPage(i);
      // Writing in the margins must not start new pages.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      const h = doc.page.height;
      if (!this.bare.has(i)) {
        doc.font(FONT.bold).fontSize(7.5).fillColor(this.primary);
        doc.text(this.options.firm, this.left, 38, { width: this.width / 2, lineBreak: false, ellipsis: true });
        doc.font(FONT.regular).fontSize(7.5).fillColor(MUTED);
        doc.text(this.options.title, this.left + this.width / 2, 38, {
          width: this.width / 2,
          align: 'right',
          lineBreak: false,
          ellipsis: true,
        });
        doc.moveTo(this.left, 52).lineTo(this.right, 52).lineWidth(0.5).strokeColor(RULE).stroke();
      }
      doc
        .moveTo(this.left, h - 50)
        .lineTo(this.right, h - 50)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.font(FONT.regular).fontSize(7).fillColor(MUTED);
      doc.text(`${this.t('confidential')}  ·  ${hash}`, this.left, h - 42, {
        width: this.width * 0.7,
        lineBreak: false,
      });
      doc.text(`${this.t('page')} ${i + 1} ${this.t('of')} ${total}`, this.left + this.width * 0.7, h - 42, {
        width: this.width * 0.3,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins = margins;
    }
  }

  /** The whole document as bytes. */
  async toBuffer(): Promise<Buffer> {
    const { doc } = this;
    if (this.lines) await deflatePages(doc);
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    doc.end();
    return done;
  }
}
