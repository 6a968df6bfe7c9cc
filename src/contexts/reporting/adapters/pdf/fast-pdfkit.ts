import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { type Glyph, type Position, type Run, type ShapingFont, simpleShaper } from './simple-shaping.js';

/**
 * Speed-ups for pdfkit on long reports. Each one keeps pdfkit's output byte
 * for byte (a test renders reports with and without them and compares the
 * files) and reaches into pdfkit's internals, so each checks the shape it
 * expects and does nothing when it differs. pdfkit is pinned to an exact
 * version in package.json for this reason.
 *
 * - fonts: a string's width is remembered per font; new words are shaped by
 *   `simpleShaper` when they can be, and strings are cut into words without
 *   copying arrays word after word; only the header of the `post` table is
 *   decoded;
 * - colours: a colour's operators are worked out once;
 * - page content: operators are gathered as one string per page instead of a
 *   small byte array each, and a finished page's chunks are joined into one;
 * - lines: a line's text operators are written from its encoded glyphs once
 *   per font and text, and placed at each drawing (`LineCache`);
 * - compression: the pages are deflated on libuv's threads before the
 *   document ends (`deflatePages`).
 */

type Doc = PDFKit.PDFDocument;

/** The parts of pdfkit's embedded font that text layout goes through. */
interface LayoutFont {
  layout(text: string, features?: unknown, onlyWidth?: boolean): WordsRun;
  layoutCached(text: string): Run;
  encode(text: string, features?: unknown): [string[], Position[]];
  layoutRun(text: string, features?: unknown): Run;
  font: ShapingFont;
  scale: number;
}

interface WordsRun {
  glyphs: Glyph[] | null;
  positions: Position[] | null;
  advanceWidth: number;
}

const memoised = new WeakSet<object>();

/** The parts of a fontkit font that hold its tables. */
interface FontTables {
  _tables?: Record<string, unknown>;
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  stream?: { buffer?: unknown };
}

/**
 * pdfkit reads two fields of a font's `post` table when it embeds the font
 * (italic angle, fixed pitch); fontkit decodes the whole table for them,
 * with the name of every glyph (some 6,000 in DejaVu). Decodes its 16-byte
 * header alone, as fontkit would: fixed-point 16.16 numbers, big-endian.
 */
function lightPostTable(font: unknown): void {
  const f = font as FontTables;
  const entry = f.directory?.tables?.post;
  const buffer = f.stream?.buffer;
  if (!f._tables || 'post' in f._tables || !entry || entry.length < 16 || !(buffer instanceof Uint8Array)) return;
  if (entry.offset + 16 > buffer.length) return;
  const view = new DataView(buffer.buffer, buffer.byteOffset + entry.offset, 16);
  f._tables.post = {
    version: view.getInt32(0) / 65536,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
  };
}

/**
 * pdfkit's `EmbeddedFont.layout` without features: the string cut after each
 * space or tab, each word laid out through the font's word cache, the runs
 * put end to end. The same results, with one array per call instead of a new
 * one per word.
 */
function layoutWords(font: LayoutFont, text: string, onlyWidth: boolean): WordsRun {
  const glyphs: Glyph[] | null = onlyWidth ? null : [];
  const positions: Position[] | null = onlyWidth ? null : [];
  let advanceWidth = 0;
  let last = 0;
  const add = (end: number) => {
    const run = font.layoutCached(text.slice(last, end));
    if (glyphs && positions) {
      for (const g of run.glyphs) glyphs.push(g);
      for (const p of run.positions) positions.push(p);
    }
    advanceWidth += run.advanceWidth;
    last = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) add(i + 1);
  }
  if (last < text.length) add(text.length);
  return { glyphs, positions, advanceWidth };
}

/**
 * Remembers, per font, the width of every string measured: pdfkit lays a
 * string out anew on each call (a table line is measured twice, and question
 * texts recur across sections), and the width depends on the text alone.
 * New words are shaped by `simpleShaper` when they can be, and strings are
 * cut into words by `layoutWords`.
 */
function memoiseFont(font: unknown): void {
  if (!font || typeof font !== 'object' || memoised.has(font)) return;
  memoised.add(font);
  const f = font as Partial<LayoutFont>;
  const { layout, encode, layoutRun, layoutCached } = f;
  if (typeof layout !== 'function' || typeof encode !== 'function') return;
  lightPostTable(f.font);
  if (typeof layoutRun === 'function' && typeof f.font?.layout === 'function' && typeof f.scale === 'number') {
    const shape = simpleShaper(f.font, f.scale);
    f.layoutRun = function (this: LayoutFont, text, features) {
      return (features === undefined && shape(text)) || layoutRun.call(this, text, features);
    };
  }
  const words = typeof layoutCached === 'function' && layout.length === 3;
  const widths = new Map<string, WordsRun>();
  f.layout = function (this: LayoutFont, text, features, onlyWidth) {
    if (features) return layout.call(this, text, features, onlyWidth);
    if (!onlyWidth) return words ? layoutWords(this, text, false) : layout.call(this, text, features, onlyWidth);
    let hit = widths.get(text);
    if (!hit) {
      hit = words ? layoutWords(this, text, true) : layout.call(this, text, features, onlyWidth);
      widths.set(text, hit);
    }
    return hit;
  };
}

/** pdfkit's colour operators. */
interface ColourDoc {
  _setColorCore(color: unknown, stroke: boolean): boolean;
  addContent(data: string): unknown;
}

/**
 * A `#rrggbb` colour's two operators, as pdfkit's `_setColorCore` writes them
 * (its colour space, then its components as fractions of 255), worked out
 * once per colour instead of on every fill and stroke.
 */
function cacheColours(doc: Doc): void {
  const d = doc as unknown as Partial<ColourDoc>;
  const core = d._setColorCore;
  if (typeof core !== 'function' || core.length !== 2) return;
  const known = new Map<string, readonly [string, string]>();
  d._setColorCore = function (this: ColourDoc, color, stroke) {
    if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color)) return core.call(this, color, stroke);
    const key = stroke ? `S${color}` : color;
    let ops = known.get(key);
    if (!ops) {
      const hex = Number.parseInt(color.slice(1), 16);
      const parts = [hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255);
      ops = stroke ? ['/DeviceRGB CS', `${parts.join(' ')} SCN`] : ['/DeviceRGB cs', `${parts.join(' ')} scn`];
      known.set(key, ops);
    }
    this.addContent(ops[0]);
    this.addContent(ops[1]);
    return true;
  };
}

/** A page's content stream in pdfkit. */
interface ContentStream {
  write(chunk: unknown): unknown;
  finalize(): unknown;
  buffer?: unknown;
}

const batched = new WeakMap<object, () => void>();

/**
 * pdfkit turns every drawing operator into its own small byte array as it
 * is written (tens of thousands on a long report). Collects a page's
 * operators as one string instead, converted in one go (the same bytes:
 * pdfkit keeps each character's low byte, as latin1 does) when the page is
 * left or finalised.
 */
function batchContent(content: unknown): void {
  if (!content || typeof content !== 'object' || batched.has(content)) return;
  const stream = content as Partial<ContentStream>;
  const { write, finalize } = stream;
  if (typeof write !== 'function' || typeof finalize !== 'function') return;
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.from(pending, 'latin1');
    pending = '';
    write.call(stream, bytes);
  };
  stream.write = (chunk: unknown) => {
    if (chunk instanceof Uint8Array) {
      flush();
      return write.call(stream, chunk);
    }
    pending += `${String(chunk)}\n`;
    return undefined;
  };
  stream.finalize = () => {
    flush();
    return finalize.call(stream);
  };
  batched.set(content, flush);
}

/**
 * With bufferPages, pdfkit keeps every page's chunks until the end: some
 * 300 KB of heap per dense page. Joining a finished page's chunks into one
 * keeps a 300-page report well under 100 MB.
 */
function compactPreviousPage(doc: Doc): void {
  const pages = (doc as unknown as { _pageBuffer?: { content?: { buffer?: unknown } }[] })._pageBuffer;
  const content = pages?.[pages.length - 2]?.content;
  if (content) batched.get(content)?.();
  if (content && Array.isArray(content.buffer) && content.buffer.length > 1) {
    content.buffer = [Buffer.concat(content.buffer as Uint8Array[])];
  }
}

const deflateAsync = promisify(deflate);

/** A page's content stream, as far as its compression goes. */
interface PageContent {
  compress?: unknown;
  buffer?: unknown;
}

/**
 * pdfkit deflates each page's content one after another on the main thread
 * when the document ends. Deflates them all beforehand on libuv's threads
 * (the same zlib call with the same options, so the same bytes) and leaves
 * pdfkit nothing to compress. Call once every page is drawn, just before
 * `doc.end()`.
 */
export async function deflatePages(doc: Doc): Promise<void> {
  const d = doc as unknown as { _pageBuffer?: { content?: PageContent }[]; _security?: unknown };
  if (!Array.isArray(d._pageBuffer) || d._security) return;
  const contents = d._pageBuffer
    .map((page) => page.content)
    .filter((c): c is PageContent & { buffer: Uint8Array[] } => c?.compress === true && Array.isArray(c.buffer));
  let next = 0;
  // As many at a time as libuv has threads by default: each deflate holds some 300 KB of zlib state.
  const worker = async () => {
    while (next < contents.length) {
      const content = contents[next++] as PageContent & { buffer: Uint8Array[] };
      batched.get(content)?.();
      if (content.buffer.length === 0) continue;
      const raw = Buffer.concat(content.buffer);
      // One output chunk for the page: zlib's 16 KB default makes a round trip to this thread per chunk.
      content.buffer = [await deflateAsync(raw, { chunkSize: Math.max(64 * 1024, raw.length) })];
      content.compress = false;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** Installs the speed-ups on `doc` (made with bufferPages) and returns its line cache. */
export function speedUp(doc: Doc): LineCache {
  const withFont = doc as Doc & { _font?: unknown };
  const font = doc.font.bind(doc);
  doc.font = ((...args: Parameters<typeof font>) => {
    font(...args);
    memoiseFont(withFont._font);
    return doc;
  }) as typeof font;
  cacheColours(doc);
  batchContent(doc.page.content);
  doc.on('pageAdded', () => {
    batchContent(doc.page.content);
    compactPreviousPage(doc);
  });
  return new LineCache(doc);
}

/** pdfkit's number format in content streams. */
const num = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * The text-showing operators pdfkit's `_fragment` writes for `text` in
 * `font`, with no word or character spacing: runs of glyphs in TJ arrays,
 * each closed where a glyph's advance differs from its width (kerning). Null
 * when a glyph is offset (marks): pdfkit then positions glyphs one by one.
 */
function textOperators(font: LayoutFont, text: string): string | null {
  const [encoded, positions] = font.encode(text);
  const commands: string[] = [];
  let last = 0;
  const segment = (end: number) => {
    const p = positions[end - 1];
    if (last < end && p) {
      commands.push(`<${encoded.slice(last, end).join('')}> ${num(-(p.xAdvance - (p.advanceWidth ?? 0)))}`);
    }
    last = end;
  };
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as Position;
    if (p.xOffset || p.yOffset || p.advanceWidth === undefined) return null;
    if (p.xAdvance - p.advanceWidth !== 0) segment(i + 1);
  }
  segment(positions.length);
  return commands.length ? `[${commands.join(' ')}] TJ` : null;
}

/**
 * Draws one line of text at (x, y), as `doc.text(text, x, y, { lineBreak:
 * false })` does, byte for byte. pdfkit lays a line out and formats its
 * glyphs anew on each call; those operators depend on the font and the text
 * alone, so they are made once per font and text (`textOperators`) and
 * placed at each call.
 */
export class LineCache {
  /** Each font's text operators for a line: null where pdfkit positions glyphs itself. */
  private readonly shown = new WeakMap<object, Map<string, string | null>>();

  constructor(private readonly doc: Doc) {}

  draw(text: string, x: number, y: number): void {
    const doc = this.doc as Doc & {
      _font?: { id?: unknown; ascender?: unknown; ref?: () => unknown };
      _fontSize?: number;
      _textOptions?: unknown;
      page: { fonts?: Record<string, unknown> };
    };
    const font = doc._font;
    const size = doc._fontSize;
    const { fonts } = doc.page;
    if (
      !text ||
      text.includes('\n') ||
      !font ||
      typeof font.id !== 'string' ||
      typeof font.ascender !== 'number' ||
      typeof font.ref !== 'function' ||
      typeof size !== 'number' ||
      !fonts ||
      doc._textOptions
    ) {
      doc.text(text, x, y, { lineBreak: false });
      return;
    }
    let known = this.shown.get(font);
    if (!known) this.shown.set(font, (known = new Map()));
    let body = known.get(text);
    if (body === undefined) {
      body =
        typeof (font as Partial<LayoutFont>).encode === 'function' ? textOperators(font as LayoutFont, text) : null;
      known.set(text, body);
    }
    if (body === null) {
      doc.text(text, x, y, { lineBreak: false });
      return;
    }
    const h = doc.page.height;
    const baseline = h - y - (font.ascender / 1000) * size;
    fonts[font.id] ??= font.ref();
    doc.addContent(
      `q\n1 0 0 -1 0 ${num(h)} cm\nBT\n1 0 0 1 ${num(x)} ${num(baseline)} Tm\n/${font.id} ${num(size)} Tf\n${body}\nET\nQ`,
    );
    doc.x = x + doc.widthOfString(text);
    doc.y = y;
  }
}
