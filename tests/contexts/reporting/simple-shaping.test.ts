import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  type Run,
  type ShapingFont,
  simpleShaper,
} from '../../../src/contexts/reporting/adapters/pdf/simple-shaping.js';

// The shortcut must give exactly what fontkit gives through pdfkit, glyph for
// glyph and position for position, or refuse the word.

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSansCondensed.ttf',
  'DejaVuSansCondensed-Bold.ttf',
  'DejaVuSansCondensed-Oblique.ttf',
  'DejaVuSansMono.ttf',
];

/** pdfkit's embedded font: its own `layoutRun` is the reference. */
interface EmbeddedFont {
  font: ShapingFont;
  scale: number;
  layoutRun(text: string): Run;
}

function embedded(file: string): EmbeddedFont {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(join(fontDir, file));
  return (doc as unknown as { _font: EmbeddedFont })._font;
}

const ROOT = new URL('../../../', import.meta.url);
const folderText = (folder: string): string =>
  readdirSync(new URL(folder, ROOT))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => readFileSync(new URL(`${folder}/${name}`, ROOT), 'utf8'))
    .join(' ');

const SAMPLES = [
  'Zażółć gęślą jaźń. Łódź, Kraków; Žluťoučký kůň úpěl ďábelské ódy.',
  'Ελληνικά: πολιτική ασφαλείας πληροφοριών (ΠΑΠ), ΑΒΓΔ άέήίόύώ.',
  'Политика информационной безопасности — ОАО «Пример»; Ёё Її Ґґ.',
  'Größe straße Œuvre naïve façade déjà-vu İstanbul ığdır Þórr ÆØÅ.',
  'office affine fluffy flow fjord ffi ffl fi fl ft AVATAR Type WAVE Yo. T. V, L’ "quoted" ‘single’ «guillemets»',
  '0–30 días · 99.5 % ± 0,5 € $1,234 #7 @home a/b c\\d [x] {y} <z> | ~ ^ ` ¡¿ §¶ © ® ™ ° µ × ÷ …',
  'https://example.test/path?q=1&r=2 sha256:75ebe902e9d6c5be8b1f3a2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
  'Tiếng Việt có dấu: Hà Nội, Đà Nẵng, thành phố Hồ Chí Minh.',
];

// Words pdfkit would lay out one by one: split after each space.
function words(text: string): string[] {
  return [...new Set(text.replace(/\s+/g, ' ').split(/(?<= )/))].filter(Boolean);
}

describe('simple shaping', () => {
  const corpus = words(`${folderText('frameworks')} ${folderText('templates')} ${SAMPLES.join(' ')}`);

  it.each(FONTS)('matches fontkit on every word it takes, in %s', (file) => {
    const font = embedded(file);
    const shape = simpleShaper(font.font, font.scale);
    let taken = 0;
    for (const word of corpus) {
      const fast = shape(word);
      if (!fast) continue;
      taken++;
      const reference = font.layoutRun(word);
      expect({ word, ids: fast.glyphs.map((g) => g.id) }).toEqual({ word, ids: reference.glyphs.map((g) => g.id) });
      expect({ word, positions: fast.positions }).toEqual({
        word,
        positions: reference.positions.map((p) => ({ ...p })),
      });
      expect({ word, width: fast.advanceWidth }).toEqual({ word, width: reference.advanceWidth });
    }
    // Most words go the short way: ligatures (fi, fl) and a few others do not.
    expect(corpus.length).toBeGreaterThan(10_000);
    expect(taken / corpus.length).toBeGreaterThan(0.85);
  });

  it('leaves to fontkit what it cannot do from pairs', () => {
    const font = embedded('DejaVuSans.ttf');
    const shape = simpleShaper(font.font, font.scale);
    for (const word of [
      'office ', // the "ffi" ligature
      'fluffy',
      'cafe\u0301 ', // a combining accent
      'سياسة ', // Arabic: joining forms
      'नीति', // Devanagari
      'soft\u00adhyphen', // a format character fontkit hides
      'emoji😀',
      '',
    ]) {
      expect({ word, shaped: shape(word) }).toEqual({ word, shaped: null });
    }
    expect(shape('Kerning AVATAR ')?.glyphs.length).toBe(15);
  });
});
