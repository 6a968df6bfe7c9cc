import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvText, escapeCsvFormula, unescapeCsvCell } from '../../src/kernel/csv.js';

describe('the CSV writer', () => {
  it('gives formula-like text cells a leading apostrophe, reversibly, and leaves numbers alone', () => {
    for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "'=x", "''@x"]) {
      expect(escapeCsvFormula(t)).toBe(`'${t}`);
      expect(unescapeCsvCell(escapeCsvFormula(t))).toBe(t);
    }
    for (const t of ['plain', "'quoted", '1-2', ' =x']) expect(escapeCsvFormula(t)).toBe(t);
    const text = csvText([
      ['a', 'b'],
      ['=HYPERLINK("http://x")', -1],
      ['line\nbreak', 'x,y'],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows).toEqual([
      ['a', 'b'],
      ['\'=HYPERLINK("http://x")', '-1'],
      ['line\nbreak', 'x,y'],
    ]);
  });
});
