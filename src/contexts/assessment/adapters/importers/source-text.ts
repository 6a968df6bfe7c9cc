import { parseDocument, YAMLParseError } from 'yaml';
import { catalogError } from '../../domain/catalog-parse.js';
import {
  checkDocument,
  checkJsonDepth,
  isAliasBomb,
  isStackOverflow,
  MAX_NESTING_DEPTH,
  MAX_YAML_ALIASES,
} from '../files/input-limits.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';

/**
 * Reading the text of an imported file. Syntax errors name the line and
 * column, e.g. `nist.json: line 12, column 5: expected ',' or '}' (found "]")`.
 * Documents nested too deep, alias bombs, over-long text fields and NUL
 * characters are refused here (`../files/input-limits.ts`), before any
 * importer walks them.
 */

export function parseJsonText(text: string, file: string): unknown {
  checkJsonDepth(stripBom(text), file);
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch (error) {
    const found = jsonSyntaxError(stripBom(text));
    if (!found) throw catalogError(file, '(document)', `valid JSON (${(error as Error).message})`);
    const { line, column } = lineColumn(stripBom(text), found.offset);
    throw catalogError(file, `line ${line}, column ${column}`, `${found.expected} (found ${found.found})`);
  }
  checkDocument(doc, file);
  return doc;
}

export interface YamlOptions {
  /** Keep every scalar as text (YAML "failsafe" schema), so `ref_id: 5.10` stays "5.10". */
  readonly scalarsAsText?: boolean;
}

export function parseYamlText(text: string, file: string, options: YamlOptions = {}): unknown {
  let value: unknown;
  try {
    const doc = parseDocument(stripBom(text), {
      prettyErrors: true,
      ...(options.scalarsAsText ? { schema: 'failsafe' as const } : {}),
    });
    const error = doc.errors[0];
    if (error) throw yamlError(error, file);
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (isStackOverflow(error))
      throw ASSESSMENT_ERRORS.fileTooDeep({ file, place: '(document)', limit: MAX_NESTING_DEPTH });
    if (isAliasBomb(error)) throw ASSESSMENT_ERRORS.fileYamlAliases({ file, limit: MAX_YAML_ALIASES });
    // An alias whose anchor is set later or nowhere is found only when the document is read.
    if (error instanceof ReferenceError) throw catalogError(file, '(document)', `valid YAML (${error.message})`);
    throw error;
  }
  checkDocument(value, file);
  return value;
}

/**
 * JSON when the text starts like a JSON document, YAML otherwise (OSCAL has
 * both); YAML scalars stay text, as in JSON (`version: 1.0` is "1.0").
 */
export function parseJsonOrYamlText(text: string, file: string): unknown {
  const start = stripBom(text).trimStart();
  if (start.startsWith('<'))
    throw catalogError(file, 'line 1', 'JSON or YAML (this looks like XML, which is not read)');
  return /^[{[]/.test(start) ? parseJsonText(text, file) : parseYamlText(text, file, { scalarsAsText: true });
}

function yamlError(error: YAMLParseError, file: string) {
  const reason = (error.message.split(/ at line \d+/)[0] ?? error.message).trim();
  const pos = error.linePos?.[0];
  const place = pos ? `line ${pos.line}, column ${pos.col}` : '(document)';
  // The parser reports its own stack overflow as a syntax error.
  if (/call stack/i.test(reason)) return ASSESSMENT_ERRORS.fileTooDeep({ file, place, limit: MAX_NESTING_DEPTH });
  return catalogError(file, pos ? `line ${pos.line}, column ${pos.col}` : '(document)', `valid YAML (${reason})`);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface JsonSyntaxError {
  readonly offset: number;
  readonly expected: string;
  readonly found: string;
}

/**
 * Where JSON.parse failed and what was expected there. Node 20's messages do
 * not always carry a position, so the text is scanned again (only on failure).
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (expected: string): never => {
    const ch = text[i];
    const found = ch === undefined ? 'end of input' : /[\x21-\x7e]/.test(ch) ? `'${ch}'` : JSON.stringify(ch);
    throw { offset: i, expected, found } satisfies JsonSyntaxError;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`a JSON value (true, false or null)`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(`a closing '"'`);
      const code = text.charCodeAt(i);
      if (code === 34) {
        i++;
        return;
      }
      if (code < 0x20) fail(`a closing '"' (text cannot span lines; write \\n)`);
      if (code === 92) {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('four hex digits after \\u');
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else fail('an escape such as \\n, \\" or \\\\');
      } else i++;
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) fail('a digit');
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || /[0-9]/.test(ch ?? '')) return number();
    fail('a JSON value');
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`a property name in double quotes`);
      string();
      ws();
      if (text[i] !== ':') fail(`':'`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`',' or '}'`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`',' or ']'`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the document');
    return null;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as JsonSyntaxError;
    throw error;
  }
}
