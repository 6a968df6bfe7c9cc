import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { type AppError, isAppError } from '../../../../kernel/app-error.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';
import { checkNoNul, DEFAULT_MAX_IMPORT_BYTES } from './input-limits.js';

export interface ReadTextOptions {
  /** Files larger than this are refused before they are read (default 64 MiB). */
  readonly maxBytes?: number | undefined;
}

/**
 * A user's file as text, or a one-line error naming it: unreadable, larger
 * than the import limit, or holding a NUL character (refused on every
 * database alike, since PostgreSQL cannot store one in text).
 */
export async function readText(path: string, options: ReadTextOptions = {}): Promise<string> {
  const max = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  let text: string;
  try {
    const info = await stat(path);
    if (info.isFile()) checkSize(path, info.size, max);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  // Pipes and other non-files have no size before they are read.
  checkSize(path, Buffer.byteLength(text, 'utf8'), max);
  checkNoNul(text, path);
  return text;
}

/** The same checks, for readers that must be synchronous (an OSCAL profile's imports). */
export function readTextSync(path: string, options: ReadTextOptions = {}): string {
  const max = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  let text: string;
  try {
    const info = statSync(path);
    if (info.isFile()) checkSize(path, info.size, max);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  checkSize(path, Buffer.byteLength(text, 'utf8'), max);
  checkNoNul(text, path);
  return text;
}

function checkSize(path: string, size: number, max: number): void {
  if (size > max) {
    const mib = (n: number) => Number((n / 1048576).toFixed(1));
    throw ASSESSMENT_ERRORS.fileTooLarge({ file: path, size: mib(size), limit: mib(max) });
  }
}

function unreadable(path: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return ASSESSMENT_ERRORS.fileUnreadable({
    file: path,
    reason:
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a folder, not a file'
          : (code ?? (error as Error).message),
  });
}
