import { ASSESSMENT_ERRORS } from '../../errors.js';

/**
 * Limits on files people import (frameworks, mapping sets, answers), checked
 * where the text is read and parsed, before any importer sees it. Each breach
 * is bad input (exit 3) reported in one line naming the file and the limit.
 *
 * | limit              | default   | why                                                             |
 * | ------------------ | --------- | --------------------------------------------------------------- |
 * | file size          | 64 MiB    | the largest real catalog (NIST SP 800-53 OSCAL JSON) is ~11 MiB |
 * | nesting depth      | 100       | real catalogs nest under 20 levels; deeper blows the stack      |
 * | one text field     | 65,536    | characters; the longest real description is a few thousand       |
 * | YAML alias expands | 10,000    | alias bombs ("billion laughs") expand exponentially             |
 * | NUL characters     | none      | PostgreSQL cannot store them in text; SQLite would              |
 */
export const DEFAULT_MAX_IMPORT_BYTES = 64 * 1024 * 1024;
export const MAX_NESTING_DEPTH = 100;
export const MAX_TEXT_FIELD_LENGTH = 65_536;
export const MAX_YAML_ALIASES = 10_000;

/** Line and column (1-based) of an offset in a text. */
export function placeOf(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Refuses text holding a NUL character, naming where the first one is. */
export function checkNoNul(text: string, file: string): void {
  const at = text.indexOf('\u0000');
  if (at >= 0) throw ASSESSMENT_ERRORS.fileNulCharacter({ file, place: placeOf(text, at) });
}

/**
 * Scans JSON text for its nesting depth without parsing it (strings are
 * skipped), so a document of a million `[` is refused before `JSON.parse`
 * or any recursive check runs.
 */
export function checkJsonDepth(text: string, file: string, limit = MAX_NESTING_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) throw ASSESSMENT_ERRORS.fileTooDeep({ file, place: placeOf(text, i), limit });
    } else if (c === 93 || c === 125) depth--;
  }
}

/**
 * Walks a parsed document without recursion and refuses nesting deeper than
 * the limit, text fields longer than the limit and NUL characters (which
 * JSON and YAML escapes such as `\u0000` and `\0` produce). Places are
 * document paths, e.g. `requirements[3].title`.
 */
export function checkDocument(doc: unknown, file: string, limits: { maxDepth?: number; maxText?: number } = {}): void {
  const maxDepth = limits.maxDepth ?? MAX_NESTING_DEPTH;
  const maxText = limits.maxText ?? MAX_TEXT_FIELD_LENGTH;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: doc, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    const place = path || '(document)';
    if (typeof value === 'string') {
      checkText(value, file, place, maxText);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) throw ASSESSMENT_ERRORS.fileTooDeep({ file, place, limit: maxDepth });
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
    } else {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        checkText(key, file, path ? `${path}.${key.slice(0, 40)}` : key.slice(0, 40), maxText);
        stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
}

/** One text field: no NUL, not longer than the limit. */
export function checkText(value: string, file: string, place: string, maxText = MAX_TEXT_FIELD_LENGTH): void {
  if (value.length > maxText)
    throw ASSESSMENT_ERRORS.fileFieldTooLong({ file, place, length: value.length, limit: maxText });
  if (value.includes('\u0000')) throw ASSESSMENT_ERRORS.fileNulCharacter({ file, place });
}

/** True for the error a recursive parser or validator throws when a document nests too deep. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** True for the yaml library's refusal of too many alias expansions. */
export function isAliasBomb(error: unknown): boolean {
  return error instanceof Error && /alias count/i.test(error.message);
}
