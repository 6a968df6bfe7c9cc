/**
 * The score bands every report colours by (bars, figure boxes, domain
 * commentary): defined here once and documented in docs/scoring.md.
 * A compliance percentage (0–100) under 40 is weak (red), from 40 to under
 * 70 fair (amber), 70 and over strong (green); no figure, no band (grey).
 */
export const SCORE_BANDS = { fair: 40, strong: 70 } as const;

export type ScoreBand = 'none' | 'weak' | 'fair' | 'strong';

export function scoreBand(percent: number | null | undefined): ScoreBand {
  if (percent === null || percent === undefined || Number.isNaN(percent)) return 'none';
  if (percent >= SCORE_BANDS.strong) return 'strong';
  if (percent >= SCORE_BANDS.fair) return 'fair';
  return 'weak';
}
