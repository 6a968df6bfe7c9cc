import { AppError, type ErrorKind } from './app-error.js';

/**
 * Error catalogues. Each context (and the CLI and persistence layers) declares
 * every error it can raise in one `errors.ts`, exported as `<NAME>_ERRORS`:
 *
 *   export const REPORT_ERRORS = defineErrors({
 *     badFormat: { code: 'REPORT.BAD_FORMAT', kind: 'invalid-input', message: 'unknown format {format}', meaning: '...' },
 *   });
 *   throw REPORT_ERRORS.badFormat({ format });
 *
 * `{name}` placeholders in the message and hint are typed parameters. Codes are
 * part of the `--json` contract: never rename one. `docs/errors.md` is
 * generated from the catalogues, and a test fails when a declared error is
 * never raised or an error is built outside a catalogue.
 */
export interface ErrorSpec {
  readonly code: string;
  readonly kind: ErrorKind;
  /** Message template; `{name}` is replaced by the parameter of that name. */
  readonly message: string;
  readonly hint?: string;
  /** One line for docs/errors.md: when this happens and what to do. */
  readonly meaning: string;
}

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type ParamsOf<S extends ErrorSpec> = Placeholders<S['message']> | Placeholders<S['hint'] & string>;
type ParamValue = string | number | boolean | null | undefined;

export interface RaiseOptions {
  /** Replaces the catalogue's hint for this occurrence. */
  readonly hint?: string;
  readonly cause?: unknown;
}

export type Raise<S extends ErrorSpec> = [ParamsOf<S>] extends [never]
  ? (options?: RaiseOptions) => AppError
  : (params: Readonly<Record<ParamsOf<S>, ParamValue>>, options?: RaiseOptions) => AppError;

const SPECS = Symbol('error specs');

/** Any catalogue, as the module list, the docs and the tests see it. */
export interface AnyErrorCatalogue {
  readonly [SPECS]: Readonly<Record<string, ErrorSpec>>;
}

export type ErrorCatalogue<T extends Record<string, ErrorSpec>> = { readonly [K in keyof T]: Raise<T[K]> } & {
  readonly [SPECS]: T;
};

function fill(template: string, params: Readonly<Record<string, ParamValue>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name] ?? '') : whole));
}

export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): ErrorCatalogue<T> {
  const catalogue: Record<string | symbol, unknown> = { [SPECS]: specs };
  for (const [key, spec] of Object.entries(specs)) {
    catalogue[key] = (first?: Record<string, ParamValue> | RaiseOptions, second?: RaiseOptions) => {
      const hasParams = /\{\w+\}/.test(spec.message) || /\{\w+\}/.test(spec.hint ?? '');
      const params = (hasParams ? first : {}) as Record<string, ParamValue>;
      const options = (hasParams ? second : first) as RaiseOptions | undefined;
      const hint = options?.hint ?? (spec.hint === undefined ? undefined : fill(spec.hint, params ?? {}));
      const error = new AppError(spec.kind, spec.code, fill(spec.message, params ?? {}), hint);
      if (options?.cause !== undefined) (error as { cause?: unknown }).cause = options.cause;
      return error;
    };
  }
  return catalogue as ErrorCatalogue<T>;
}

/** Every error a catalogue declares (for docs and tests). */
export function errorSpecs(catalogue: AnyErrorCatalogue): readonly (ErrorSpec & { key: string })[] {
  return Object.entries(catalogue[SPECS]).map(([key, spec]) => ({ key, ...spec }));
}

export function isErrorCatalogue(value: unknown): value is AnyErrorCatalogue {
  return typeof value === 'object' && value !== null && SPECS in value;
}
