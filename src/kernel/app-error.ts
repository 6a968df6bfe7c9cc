/**
 * The one error type the domain and the use cases raise. It knows nothing of
 * exit codes: `src/cli/exit-codes.ts` maps each kind to one.
 */
export type ErrorKind =
  | 'usage'
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'limit-reached'
  | 'unavailable'
  | 'schema-mismatch'
  | 'below-threshold'
  | 'unsupported'
  | 'bad-signature'
  | 'not-configured'
  | 'interrupted';

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, code: string, message: string, hint?: string) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.hint = hint;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
