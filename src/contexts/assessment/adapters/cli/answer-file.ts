import { readText } from '../files/read-text.js';
import { AppError } from '../../../../kernel/app-error.js';
import type { AnswerRow } from '../../application/import-answers.command.js';

/**
 * Reads answers from CSV (a header with `question` or `framework`+`question`,
 * `value`, optional `note`: the shape `export-answers` writes) or JSON (an
 * array, or `{ answers: [...] }`, of `{ question, value, note }`).
 */
export async function readAnswerRows(path: string): Promise<AnswerRow[]> {
  const text = (await readText(path)).replace(/^\uFEFF/, '');
  if (path.endsWith('.json') || /^\s*[[{]/.test(text)) return jsonRows(text, path);
  return csvRows(text, path);
}

function jsonRows(text: string, path: string): AnswerRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-input', 'ANSWERS.SYNTAX', `${path}: not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { answers?: unknown }).answers;
  if (!Array.isArray(list))
    throw new AppError(
      'invalid-input',
      'ANSWERS.SHAPE',
      `${path}: expected an array of answers or { "answers": [...] }`,
    );
  return list.map((item, i) => {
    const place = `${path}: answers[${i}]`;
    if (!item || typeof item !== 'object')
      throw new AppError('invalid-input', 'ANSWERS.SHAPE', `${place}: expected an object with question and value`);
    const o = item as Record<string, unknown>;
    if (typeof o.question !== 'string')
      throw new AppError('invalid-input', 'ANSWERS.SHAPE', `${place}.question: expected a question id`);
    const question =
      typeof o.framework === 'string' && !o.question.includes(':') ? `${o.framework}:${o.question}` : o.question;
    return {
      place,
      question,
      value: o.value,
      note: typeof o.note === 'string' ? o.note : o.note === null ? null : undefined,
    };
  });
}

async function csvRows(text: string, path: string): Promise<AnswerRow[]> {
  const { parse } = await import('csv-parse/sync');
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: false,
      delimiter: text.split('\n')[0]?.includes(';') && !text.split('\n')[0]?.includes(',') ? ';' : ',',
    });
  } catch (error) {
    throw new AppError('invalid-input', 'ANSWERS.SYNTAX', `${path}: ${(error as Error).message}`);
  }
  if (records.length > 0 && !('question' in (records[0] as object))) {
    throw new AppError(
      'invalid-input',
      'ANSWERS.COLUMNS',
      `${path}: row 1: expected a header with the columns question and value (and optionally framework, note)`,
    );
  }
  if (records.length > 0 && !('value' in (records[0] as object))) {
    throw new AppError('invalid-input', 'ANSWERS.COLUMNS', `${path}: row 1: expected a value column`);
  }
  return records.map((r, i) => ({
    place: `${path}: row ${i + 2}`,
    question: r.framework && !(r.question ?? '').includes(':') ? `${r.framework}:${r.question}` : (r.question ?? ''),
    value: r.value ?? '',
    note: 'note' in r ? r.note : undefined,
  }));
}
