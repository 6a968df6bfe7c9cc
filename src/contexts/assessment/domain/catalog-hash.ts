import { createHash } from 'node:crypto';

/** A stable hash of any JSON-able value (object keys sorted). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash stored with a framework version. Catalogs are built by our own code
 * in a fixed key order, so plain JSON is already canonical (and several times
 * faster than sorting keys on a 1,500-control catalog).
 */
export function catalogHash(catalog: unknown): string {
  return createHash('sha256').update(JSON.stringify(catalog)).digest('hex');
}
