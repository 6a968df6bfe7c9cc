import Table from 'cli-table3';

/** A plain, borderless table for human output. */
export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  if (rows.length === 0) return '';
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  for (const row of rows) t.push(row.map((c) => (c === null || c === undefined ? '-' : String(c))));
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** `key: value` lines, aligned. */
export function fields(pairs: readonly (readonly [string, string | number | boolean | null | undefined])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs
    .map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v === null || v === undefined ? '-' : String(v)}`)
    .join('\n');
}
