import type { ErrorKind } from '../kernel/app-error.js';

/**
 * The one exit-code table. Documented in the README; stable across releases.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidInput: 3,
  notFound: 4,
  conflict: 5,
  unauthenticated: 6,
  forbidden: 7,
  unavailable: 8,
  limitReached: 9,
  belowThreshold: 10,
  schemaMismatch: 11,
  interrupted: 130,
} as const;

export const EXIT_BY_KIND: Record<ErrorKind, number> = {
  usage: EXIT.usage,
  'invalid-input': EXIT.invalidInput,
  'not-found': EXIT.notFound,
  conflict: EXIT.conflict,
  unauthenticated: EXIT.unauthenticated,
  forbidden: EXIT.forbidden,
  unavailable: EXIT.unavailable,
  'limit-reached': EXIT.limitReached,
  'schema-mismatch': EXIT.schemaMismatch,
  'below-threshold': EXIT.belowThreshold,
  interrupted: EXIT.interrupted,
};
