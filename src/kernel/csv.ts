/**
 * The one CSV writer behind every export (answers, findings, report CSVs):
 * RFC 4180 quoting, UTF-8 with a BOM (so Excel reads the accents), CRLF line
 * ends.
 *
 * Text cells that a spreadsheet would run as a formula get a leading
 * apostrophe, as OWASP recommends against CSV injection: a cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return (after any
 * apostrophes, so that escaping stays reversible). Numbers are written as
 * numbers and never escaped. `unescapeCsvCell` undoes the escape, so an
 * exported file imports back unchanged.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA = /^'*[=+\-@\t\r]/;

export function escapeCsvFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

export function unescapeCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA.test(text) ? text.slice(1) : text;
}

function field(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'number' ? String(cell) : escapeCsvFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the first is usually the header) as the bytes of a CSV file. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(field).join(',')).join('\r\n')}${rows.length > 0 ? '\r\n' : ''}`;
}

/** Records as CSV, with a header row of the given columns. */
export function csvFromRecords<K extends string>(
  columns: readonly K[],
  records: readonly Readonly<Record<K, CsvCell>>[],
): string {
  return csvText([columns, ...records.map((r) => columns.map((c) => r[c]))]);
}
