import { readText } from '../files/read-text.js';
import { unescapeCsvCell } from '../../../../kernel/csv.js';
import { checkDocument, checkJsonDepth, checkText } from '../files/input-limits.js';
import type { AnswerRow } from '../../application/import-answers.command.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';

/**
 * Reads answers from CSV (a header with `question` or `framework`+`question`,
 * `value`, optional `note`: the shape `export-answers` writes) or JSON (an
 * array, or `{ answers: [...] }`, of `{ question, value, note }`). A file
 * without a single answer row is an error: importing nothing is never what
 * was meant.
 */
export async function readAnswerRows(
  path: string,
  options: { maxBytes?: number | undefined } = {},
): Promise<AnswerRow[]> {
  const text = (await readText(path, options)).replace(/^\uFEFF/, '');
  const rows = path.endsWith('.json') || /^\s*[[{]/.test(text) ? jsonRows(text, path) : await csvRows(text, path);
  if (rows.length === 0) throw ASSESSMENT_ERRORS.answersEmpty({ file: path });
  return rows;
}

function jsonRows(text: string, path: string): AnswerRow[] {
  checkJsonDepth(text, path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // Node quotes the text around the error, which may span lines: one line.
    const problem = `not valid JSON (${(error as Error).message.replace(/\s*\n\s*/g, ' ')})`;
    throw ASSESSMENT_ERRORS.answersSyntax({ file: path, problem });
  }
  checkDocument(doc, path);
  const list = Array.isArray(doc) ? doc : (doc as { answers?: unknown }).answers;
  if (!Array.isArray(list))
    throw ASSESSMENT_ERRORS.answersShape({
      place: path,
      problem: 'expected an array of answers or { "answers": [...] }',
    });
  return list.map((item, i) => {
    const place = `${path}: answers[${i}]`;
    if (!item || typeof item !== 'object')
      throw ASSESSMENT_ERRORS.answersShape({ place, problem: 'expected an object with question and value' });
    const o = item as Record<string, unknown>;
    if (typeof o.question !== 'string')
      throw ASSESSMENT_ERRORS.answersShape({ place: `${place}.question`, problem: 'expected a question id' });
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
    throw ASSESSMENT_ERRORS.answersSyntax({ file: path, problem: (error as Error).message.replace(/\s*\n\s*/g, ' ') });
  }
  if (records.length > 0 && !('question' in (records[0] as object))) {
    throw ASSESSMENT_ERRORS.answersColumns({
      file: path,
      problem: 'expected a header with the columns question and value (and optionally framework, note)',
    });
  }
  if (records.length > 0 && !('value' in (records[0] as object))) {
    throw ASSESSMENT_ERRORS.answersColumns({ file: path, problem: 'expected a value column' });
  }
  // Cells our CSV writer escaped against formula injection read back as written.
  return records.map((raw, i) => {
    const r = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unescapeCsvCell(v)]));
    for (const [column, value] of Object.entries(r)) checkText(value, path, `row ${i + 2}, column ${column}`);
    return {
      place: `${path}: row ${i + 2}`,
      question: r.framework && !(r.question ?? '').includes(':') ? `${r.framework}:${r.question}` : (r.question ?? ''),
      value: r.value ?? '',
      note: 'note' in r ? r.note : undefined,
    };
  });
}
