/**
 * Rounding of figures. `round` is the rule of the domain: what docs/scoring.md
 * means by "rounded" (maturity, gap, severity, score changes). `shownTo`
 * trims a figure to the digits an output shows, as JavaScript prints it.
 */

/** Rounds to `digits` decimals, half away from zero, without binary noise (2.25 → 2.3). */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round((x + Math.sign(x) * Number.EPSILON * Math.max(1, Math.abs(x))) * f) / f;
}

/**
 * A figure to `digits` decimals as `toFixed` rounds the stored binary value
 * (a score of 0.5125 held as 0.51249… shows as 0.512); null passes through.
 * Kept for the score figures of `assessment score`, whose JSON is a contract.
 */
export function shownTo(x: number | null, digits: number): number | null {
  return x === null ? null : Number(x.toFixed(digits));
}
