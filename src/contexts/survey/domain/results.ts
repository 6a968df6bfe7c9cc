/**
 * Survey statistics from a distribution (value → count), which the database
 * works out with GROUP BY: no response is loaded to compute them.
 */
export interface ScaleStats {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
  /** Sample standard deviation (n − 1); null below two answers. */
  readonly sd: number | null;
}

export function scaleStats(distribution: ReadonlyMap<number, number>): ScaleStats {
  const entries = [...distribution.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return { n: 0, mean: null, median: null, sd: null };
  const sum = entries.reduce((s, [v, c]) => s + v * c, 0);
  const mean = sum / n;
  const squares = entries.reduce((s, [v, c]) => s + c * (v - mean) ** 2, 0);
  return { n, mean, median: medianOf(entries, n), sd: n > 1 ? Math.sqrt(squares / (n - 1)) : null };
}

/** The middle value (the mean of the two middle ones for an even count). */
function medianOf(sorted: readonly (readonly [number, number])[], n: number): number {
  const at = (k: number): number => {
    let seen = 0;
    for (const [v, c] of sorted) {
      seen += c;
      if (k < seen) return v;
    }
    return (sorted[sorted.length - 1] as readonly [number, number])[0];
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/** Share (0–1) of answers in the top two points of a scale of `points`. */
export function topTwoBox(distribution: ReadonlyMap<number, number>, points: number): number | null {
  const n = [...distribution.values()].reduce((s, c) => s + c, 0);
  if (n === 0) return null;
  return ((distribution.get(points) ?? 0) + (distribution.get(points - 1) ?? 0)) / n;
}

export interface NpsResult {
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** % promoters − % detractors, from −100 to 100. */
  readonly score: number | null;
}

/** Net Promoter Score: promoters answer 9–10, passives 7–8, detractors 0–6. */
export function nps(distribution: ReadonlyMap<number, number>): NpsResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [v, c] of distribution) {
    if (v >= 9) promoters += c;
    else if (v >= 7) passives += c;
    else detractors += c;
  }
  const n = promoters + passives + detractors;
  return { n, promoters, passives, detractors, score: n === 0 ? null : ((promoters - detractors) / n) * 100 };
}

/** Groups of fewer answers than the threshold are withheld from breakdowns. */
export function withheld(count: number, threshold: number): boolean {
  return count < threshold;
}
