import { JOBS_ERRORS } from '../../../errors.js';

/** A whole-number flag in [min, max], or a one-line error naming the flag. */
export function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw JOBS_ERRORS.badNumber({ flag, min, max, value });
  }
  return n;
}
