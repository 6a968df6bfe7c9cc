import { getCategory, getScript } from 'unicode-properties';

/**
 * Shaping of plain words without fontkit's full OpenType pipeline.
 *
 * pdfkit lays out every new word through fontkit, which runs the font's
 * GSUB and GPOS features for it: about 0.07 ms a word, most of the time of a
 * long report. For a word of letters, digits, punctuation and spaces in
 * Latin, Greek or Cyrillic, what those features do is fixed per glyph and per
 * pair of neighbours: a glyph's advance, plus the kerning of each adjacent
 * pair. So each character and each pair is shaped once by fontkit itself, and
 * a word is put together from them.
 *
 * Whenever fontkit does more than that for a pair (a ligature such as "fi",
 * an offset, an adjustment to the second glyph), the pair is marked and any
 * word holding it is left to fontkit, as is any word with marks, format
 * characters, other scripts or characters outside the Basic Multilingual
 * Plane. A test checks the result against fontkit, glyph for glyph, for every
 * word of the shipped catalogs and for text in several scripts.
 */

/** A fontkit glyph, as pdfkit reads it. */
export interface Glyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}

/** A glyph's position in a run, in font units (fontkit) or thousandths of an em (pdfkit). */
export interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth?: number;
}

/** What pdfkit's `layoutRun` returns: positions in thousandths of an em. */
export interface Run {
  readonly glyphs: Glyph[];
  readonly positions: Position[];
  readonly advanceWidth: number;
}

/** The part of a fontkit font this uses. */
export interface ShapingFont {
  layout(text: string, features?: unknown, script?: string): { glyphs: Glyph[]; positions: Position[] };
}

// fontkit's tags for the scripts handled here.
const SCRIPT_TAGS: Readonly<Record<string, string>> = { Latin: 'latn', Greek: 'grek', Cyrillic: 'cyrl' };

/** Per character: '' for the Common script, a script tag, or null for characters left to fontkit. */
const classes = new Map<number, string | null>();

function classify(code: number): string | null {
  let known = classes.get(code);
  if (known !== undefined) return known;
  if (code >= 0xd800 && code <= 0xdfff) known = null;
  else {
    const category = getCategory(code);
    const script = getScript(code);
    const plain = /^[LNPS]/.test(category) || category === 'Zs';
    known = !plain ? null : script === 'Common' ? '' : (SCRIPT_TAGS[script] ?? null);
  }
  classes.set(code, known);
  return known;
}

interface Single {
  readonly glyph: Glyph;
  /** xAdvance in font units. */
  readonly advance: number;
}

const still = (p: Position | undefined): boolean => !!p && p.xOffset === 0 && p.yOffset === 0 && p.yAdvance === 0;

/**
 * A shaper for one fontkit font, whose units are `scale` thousandths of an
 * em: returns a word's run as pdfkit's `layoutRun` would, or null when the
 * word must go through fontkit.
 */
export function simpleShaper(font: ShapingFont, scale: number): (text: string) => Run | null {
  const singles = new Map<string, Single | null>();
  const kerning = new Map<string, number | null>();

  const single = (ch: string, script: string): Single | null => {
    const key = script + ch;
    let known = singles.get(key);
    if (known !== undefined) return known;
    const run = font.layout(ch, undefined, script || undefined);
    const glyph = run.glyphs[0];
    const position = run.positions[0];
    const code = ch.charCodeAt(0);
    known =
      run.glyphs.length === 1 && glyph && position && still(position) && glyph.codePoints[0] === code
        ? { glyph, advance: position.xAdvance }
        : null;
    singles.set(key, known);
    return known;
  };

  /** The adjustment to the first glyph's advance when `b` follows `a`; null when fontkit does more. */
  const kern = (a: Single, b: Single, pair: string, script: string): number | null => {
    const key = script + pair;
    let known = kerning.get(key);
    if (known !== undefined) return known;
    const run = font.layout(pair, undefined, script || undefined);
    const [first, second] = run.positions;
    known =
      run.glyphs.length === 2 &&
      run.glyphs[0]?.id === a.glyph.id &&
      run.glyphs[1]?.id === b.glyph.id &&
      first &&
      still(first) &&
      still(second) &&
      second?.xAdvance === b.advance
        ? first.xAdvance - a.advance
        : null;
    kerning.set(key, known);
    return known;
  };

  return (text) => {
    if (!text) return null;
    // fontkit's script for a string: that of its first character not in Common.
    let script = '';
    for (let i = 0; i < text.length; i++) {
      const c = classify(text.charCodeAt(i));
      if (c === null) return null;
      if (!script && c) script = c;
    }
    const parts: Single[] = [];
    for (const ch of text) {
      const s = single(ch, script);
      if (!s) return null;
      parts.push(s);
    }
    const glyphs: Glyph[] = [];
    const positions: Position[] = [];
    let width = 0;
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i] as Single;
      const next = parts[i + 1];
      const k = next ? kern(s, next, text.slice(i, i + 2), script) : 0;
      if (k === null) return null;
      const xAdvance = (s.advance + k) * scale;
      glyphs.push(s.glyph);
      positions.push({ xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: s.glyph.advanceWidth * scale });
      width += xAdvance;
    }
    return { glyphs, positions, advanceWidth: width };
  };
}
