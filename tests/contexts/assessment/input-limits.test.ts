import { describe, expect, it } from 'vitest';
import { parseJsonText, parseYamlText } from '../../../src/contexts/assessment/adapters/importers/source-text.js';
import { checkDocument } from '../../../src/contexts/assessment/adapters/files/input-limits.js';
import { isAppError } from '../../../src/kernel/app-error.js';

function refusal(run: () => unknown): { code: string; kind: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('limits on imported text', () => {
  it('refuses JSON nested deeper than 100 levels before parsing it, naming the place', () => {
    const e = refusal(() => parseJsonText(`{"a":${'['.repeat(1_000_000)}`, 'deep.json'));
    expect(e).toMatchObject({ code: 'FILE.TOO_DEEP', kind: 'invalid-input' });
    expect(e.message).toBe(
      'deep.json: line 1, column 105: nested deeper than 100 levels, the limit for imported files',
    );
    // Brackets inside strings are text, not nesting.
    expect(parseJsonText(JSON.stringify({ a: '['.repeat(500) }), 'ok.json')).toEqual({ a: '['.repeat(500) });
    expect(parseJsonText(`${'['.repeat(99)}${']'.repeat(99)}`, 'ok.json')).toBeInstanceOf(Array);
  });

  it('refuses YAML alias bombs and deep YAML as bad input', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
    ].join('\n');
    expect(refusal(() => parseYamlText(bomb, 'bomb.yaml'))).toMatchObject({
      code: 'FILE.YAML_ALIASES',
      message: 'bomb.yaml: more than 10000 YAML alias expansions, the limit for imported files',
    });
    expect(refusal(() => parseYamlText(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'deep.yaml')).code).toBe(
      'FILE.TOO_DEEP',
    );
  });

  it('refuses NUL characters produced by escapes, and over-long fields, naming the document path', () => {
    expect(refusal(() => parseJsonText('{"requirements":[{"title":"a\\u0000b"}]}', 'f.json')).message).toBe(
      'f.json: requirements[0].title: a NUL character (U+0000), which imported text may not contain',
    );
    expect(refusal(() => parseYamlText('name: "a\\0b"\n', 'f.yaml')).code).toBe('FILE.NUL_CHARACTER');
    expect(refusal(() => checkDocument({ t: 'x'.repeat(65_537) }, 'f.yaml')).message).toBe(
      'f.yaml: t: a text of 65537 characters; one text field is limited to 65536',
    );
    expect(() => checkDocument({ t: 'x'.repeat(65_536) }, 'f.yaml')).not.toThrow();
  });
});
