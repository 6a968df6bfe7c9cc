import { CsvError, parse } from 'csv-parse/sync';
import type * as z from 'zod';
import {
  type Catalog,
  type CatalogInput,
  QUESTION_TYPES,
  type QuestionInput,
  type QuestionType,
  type RequirementInput,
} from '../../domain/catalog.js';
import { catalogError, withDefaultQuestions } from '../../domain/catalog-parse.js';
import { checkText } from '../files/input-limits.js';
import { finishCatalog, SourcePlaces } from './catalog-assembly.js';

/**
 * A catalog written as a spreadsheet saved as CSV (comma, semicolon or tab
 * separated; the header row decides). One row per question; a row without
 * question cells declares a requirement (a tree node). Columns, in any
 * order (only `requirement_id` and `requirement_title` are required):
 *
 * | column                    | meaning                                                         |
 * | ------------------------- | --------------------------------------------------------------- |
 * | `framework_id`            | the framework id (or the `id` option, which wins)               |
 * | `framework_version`       | its version (or the `version` option)                           |
 * | `framework_name`          | its name (or the `name` option; else the id)                    |
 * | `requirement_id`          | the requirement the row is about                                |
 * | `parent_id`               | the requirement it sits under (empty: top level)                |
 * | `requirement_title`       | its title                                                       |
 * | `requirement_description` | its description                                                 |
 * | `weight`                  | its weight (default 1)                                          |
 * | `applicability`           | levels it applies at, `basica\|media`; the levels are the values used |
 * | `question_id`             | the question id (default `<requirement_id>.Q<n>`)               |
 * | `question_type`           | yes_no, maturity, single_choice, multiple_choice, number, text  |
 * | `question_text`           | the question                                                    |
 * | `guidance`                | what a good answer looks like                                   |
 * | `evidence`                | what evidence to ask for                                        |
 * | `choices`                 | `id=label=score\|id=label=score` (score 0..1, optional)         |
 * | `question_weight`         | the question's weight (default 1)                               |
 *
 * `framework_name`, `requirement_title`, `requirement_description`,
 * `question_text`, `guidance` and `evidence` take translations in columns
 * with a language suffix (`requirement_title_es`); `choices_es` holds
 * `id=label|id=label`. The plain columns are in `options.language` (default
 * en). A requirement's values may repeat on each of its rows but must not
 * differ. Leaf requirements without questions get the default yes/no
 * question. Errors read `file.csv: row 7, column question_type: expected ...`
 * (rows counted as lines of the file, the header being row 1).
 */

export interface CsvImportOptions {
  readonly id?: string | undefined;
  readonly version?: string | undefined;
  readonly name?: string | undefined;
  /** The language of the columns without a suffix (default en). */
  readonly language?: string | undefined;
}

const FRAMEWORK_COLUMNS = ['framework_id', 'framework_version', 'framework_name'] as const;
const REQUIREMENT_COLUMNS = [
  'requirement_id',
  'parent_id',
  'requirement_title',
  'requirement_description',
  'weight',
  'applicability',
] as const;
const QUESTION_COLUMNS = [
  'question_id',
  'question_type',
  'question_text',
  'guidance',
  'evidence',
  'choices',
  'question_weight',
] as const;
export const CSV_COLUMNS = [...FRAMEWORK_COLUMNS, ...REQUIREMENT_COLUMNS, ...QUESTION_COLUMNS] as const;
const TRANSLATABLE = new Set([
  'framework_name',
  'requirement_title',
  'requirement_description',
  'question_text',
  'guidance',
  'evidence',
  'choices',
]);
const LANG = /^[a-z]{2}(-[A-Z]{2})?$/;

type Text = Map<string, string>;
interface Cell {
  readonly value: string;
  readonly row: number;
}
interface QuestionRow {
  readonly row: number;
  readonly id: string | null;
  readonly type: QuestionType;
  readonly text: Text;
  readonly guidance: Text;
  readonly evidence: Text;
  readonly choices: { id: string; label: Text; score?: number }[] | null;
  readonly weight: number | null;
}
interface RequirementRows {
  readonly id: string;
  readonly row: number;
  parent: Cell | null;
  readonly title: Map<string, Cell>;
  readonly description: Map<string, Cell>;
  weight: Cell | null;
  applicability: Cell | null;
  readonly questions: QuestionRow[];
}

export function importCsvCatalog(text: string, file: string, options: CsvImportOptions = {}): Catalog {
  const base = options.language ?? 'en';
  if (!LANG.test(base))
    throw catalogError(file, 'the language option', `a language code such as en or es, not "${base}"`);
  const records = readRecords(text, file);
  const header = records[0];
  if (!header)
    throw catalogError(file, 'row 1', 'a header row naming the columns (requirement_id, requirement_title, ...)');
  const columns = readHeader(header.cells, header.row, file, base);
  const languages = new Set([base]);
  const at = (row: number, column: string) => `row ${row}, column ${column}`;
  const fail = (row: number, column: string, expected: string) => catalogError(file, at(row, column), expected);

  const framework = new Map<string, Cell>();
  const requirements = new Map<string, RequirementRows>();
  const same = (store: Map<string, Cell>, key: string, cell: Cell, column: string) => {
    const before = store.get(key);
    if (before && before.value !== cell.value) {
      throw fail(cell.row, column, `the same value as row ${before.row} ("${before.value}") or an empty cell`);
    }
    if (!before) store.set(key, cell);
  };

  for (const { cells, row } of records.slice(1)) {
    const get = (column: string, lang = base): string => {
      const index = columns.get(`${column}@${lang}`);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const translations = (column: string): Text => {
      const out: Text = new Map();
      for (const key of columns.keys()) {
        const [name, lang] = key.split('@') as [string, string];
        const value = name === column ? get(column, lang) : '';
        if (value) {
          out.set(lang, value);
          languages.add(lang);
        }
      }
      return out;
    };
    if (cells.every((c) => c.trim() === '')) continue;

    for (const column of FRAMEWORK_COLUMNS) {
      for (const [lang, value] of column === 'framework_name' ? translations(column) : new Map([[base, get(column)]])) {
        if (value) same(framework, `${column}@${lang}`, { value, row }, columnName(column, lang, base));
      }
    }

    const id = get('requirement_id');
    if (!id) throw fail(row, 'requirement_id', 'the id of the requirement this row is about');
    let req = requirements.get(id);
    if (!req) {
      req = {
        id,
        row,
        parent: null,
        title: new Map(),
        description: new Map(),
        weight: null,
        applicability: null,
        questions: [],
      };
      requirements.set(id, req);
    }
    const parent = get('parent_id');
    if (parent) {
      if (req.parent && req.parent.value !== parent) {
        throw fail(
          row,
          'parent_id',
          `the same value as row ${req.parent.row} ("${req.parent.value}") or an empty cell`,
        );
      }
      req.parent ??= { value: parent, row };
    }
    for (const [lang, value] of translations('requirement_title')) {
      same(req.title, lang, { value, row }, columnName('requirement_title', lang, base));
    }
    for (const [lang, value] of translations('requirement_description')) {
      same(req.description, lang, { value, row }, columnName('requirement_description', lang, base));
    }
    for (const column of ['weight', 'applicability'] as const) {
      const value = get(column);
      if (!value) continue;
      const before = req[column];
      if (before && before.value !== value) {
        throw fail(row, column, `the same value as row ${before.row} ("${before.value}") or an empty cell`);
      }
      req[column] ??= { value, row };
    }

    const questionCells = [...columns.keys()].some((key) => {
      const [name, lang] = key.split('@') as [string, string];
      return (QUESTION_COLUMNS as readonly string[]).includes(name) && get(name, lang) !== '';
    });
    if (!questionCells) continue;
    const type = get('question_type');
    if (!(QUESTION_TYPES as readonly string[]).includes(type)) {
      throw fail(row, 'question_type', `one of ${QUESTION_TYPES.join(', ')}${type ? `, not "${type}"` : ''}`);
    }
    const questionText = translations('question_text');
    if (!questionText.has(base)) throw fail(row, 'question_text', 'the text of the question');
    const choiceCell = get('choices');
    let choices: QuestionRow['choices'] = null;
    if (choiceCell) {
      choices = parseChoices(choiceCell, (expected) => fail(row, 'choices', expected), base);
      for (const [lang, value] of translations('choices')) {
        if (lang === base) continue;
        const column = columnName('choices', lang, base);
        for (const entry of parseChoices(value, (expected) => fail(row, column, expected), lang)) {
          const choice = choices.find((c) => c.id === entry.id);
          if (!choice) throw fail(row, column, `choice ids from the choices column (there is no "${entry.id}")`);
          choice.label.set(lang, entry.label.get(lang) as string);
        }
      }
    }
    const weight = get('question_weight');
    req.questions.push({
      row,
      id: get('question_id') || null,
      type: type as QuestionType,
      text: questionText,
      guidance: translations('guidance'),
      evidence: translations('evidence'),
      choices,
      weight: weight ? number(weight, () => fail(row, 'question_weight', `a number, not "${weight}"`)) : null,
    });
  }

  if (requirements.size === 0) throw catalogError(file, 'row 2', 'at least one requirement row under the header');
  const places = new SourcePlaces();
  const levels: string[] = [];
  const childrenOf = new Map<string, RequirementRows[]>();
  for (const req of requirements.values()) {
    if (!req.parent) continue;
    if (!requirements.has(req.parent.value)) {
      throw fail(req.parent.row, 'parent_id', `the requirement_id of another row (there is no "${req.parent.value}")`);
    }
    childrenOf.set(req.parent.value, [...(childrenOf.get(req.parent.value) ?? []), req]);
  }
  const reached = new Set<string>();
  const build = (req: RequirementRows, built: string): RequirementInput => {
    reached.add(req.id);
    const title = req.title.get(base);
    if (!title) throw fail(req.row, 'requirement_title', `a title for requirement ${req.id} (on one of its rows)`);
    places.add(built, `row ${req.row}`);
    places.add(`${built}.id`, at(req.row, 'requirement_id'));
    places.add(`${built}.title`, at(title.row, 'requirement_title'));
    const description = req.description.get(base);
    if (description) places.add(`${built}.description`, at(description.row, 'requirement_description'));
    const weight = req.weight;
    if (weight) places.add(`${built}.weight`, at(weight.row, 'weight'));
    if (req.applicability) places.add(`${built}.applicability`, at(req.applicability.row, 'applicability'));
    const applicability =
      req.applicability?.value
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    for (const level of applicability) if (!levels.includes(level)) levels.push(level);
    const questions = req.questions.map((q, k) => {
      const qb = `${built}.questions[${k}]`;
      places.add(qb, `row ${q.row}`);
      for (const [field, column] of Object.entries(QUESTION_FIELD_COLUMNS))
        places.add(`${qb}.${field}`, at(q.row, column));
      return question(q, req.id, k, base);
    });
    const kids = (childrenOf.get(req.id) ?? []).map((r, n) => build(r, `${built}.children[${n}]`));
    const texts = (cells: Map<string, Cell>): Text => new Map([...cells].map(([lang, cell]) => [lang, cell.value]));
    return {
      id: req.id,
      title: localized(texts(req.title), base),
      ...(description ? { description: localized(texts(req.description), base) } : {}),
      ...(weight
        ? { weight: number(weight.value, () => fail(weight.row, 'weight', `a number, not "${weight.value}"`)) }
        : {}),
      ...(applicability.length > 0 ? { applicability } : {}),
      ...(questions.length > 0 ? { questions } : {}),
      ...(kids.length > 0 ? { children: kids } : {}),
    };
  };
  const roots = [...requirements.values()].filter((r) => !r.parent).map((r, n) => build(r, `requirements[${n}]`));
  const lost = [...requirements.values()].find((r) => !reached.has(r.id));
  if (lost) {
    throw fail(
      lost.parent?.row ?? lost.row,
      'parent_id',
      `a parent chain that reaches the top level (${lost.id} is in a loop)`,
    );
  }

  const frameworkValue = (column: string, field: string, option: string | undefined, fallback?: string) => {
    if (option !== undefined) {
      places.add(field, `the ${field} option`);
      return option;
    }
    const cell = framework.get(`${column}@${base}`);
    if (cell) {
      places.add(field, at(cell.row, column));
      return cell.value;
    }
    if (fallback !== undefined) return fallback;
    throw catalogError(
      file,
      `column ${column}`,
      `the framework's ${field}, in a ${column} column or the ${field} option`,
    );
  };
  const id = frameworkValue('framework_id', 'id', options.id);
  const version = frameworkValue('framework_version', 'version', options.version);
  const names = new Map([[base, frameworkValue('framework_name', 'name', options.name, id)]]);
  if (options.name === undefined) {
    for (const [key, cell] of framework) {
      const [column, lang] = key.split('@') as [string, string];
      if (column === 'framework_name' && lang !== base) names.set(lang, cell.value);
    }
  }
  places.add('levels', 'column applicability');
  const input: CatalogInput = {
    id,
    version,
    name: localized(names, base),
    languages: [...languages],
    ...(levels.length > 0 ? { levels: levels.map((level) => ({ id: level, name: level })) } : {}),
    requirements: roots,
  };
  return withDefaultQuestions(finishCatalog(input, file, places));
}

const QUESTION_FIELD_COLUMNS: Record<string, string> = {
  id: 'question_id',
  type: 'question_type',
  text: 'question_text',
  guidance: 'guidance',
  evidence: 'evidence',
  choices: 'choices',
  weight: 'question_weight',
};

function question(q: QuestionRow, requirementId: string, index: number, base: string): z.input<typeof QuestionInput> {
  return {
    id: q.id ?? `${requirementId}.Q${index + 1}`,
    type: q.type,
    text: localized(q.text, base),
    ...(q.guidance.size > 0 ? { guidance: localized(q.guidance, base) } : {}),
    ...(q.evidence.size > 0 ? { evidence: localized(q.evidence, base) } : {}),
    ...(q.weight !== null ? { weight: q.weight } : {}),
    ...(q.choices
      ? {
          choices: q.choices.map((c) => ({
            id: c.id,
            label: localized(c.label, base),
            ...(c.score !== undefined ? { score: c.score } : {}),
          })),
        }
      : {}),
  };
}

/** One language as plain text, several as a map. */
function localized(text: Text, base: string): string | Record<string, string> {
  if (text.size === 1 && text.has(base)) return text.get(base) as string;
  return Object.fromEntries(text);
}

function number(value: string, fail: () => Error): number {
  const n = Number(value.replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(n)) throw fail();
  return n;
}

function parseChoices(
  cell: string,
  fail: (expected: string) => Error,
  lang: string,
): { id: string; label: Text; score?: number }[] {
  return cell.split('|').map((entry, i) => {
    const parts = entry.split('=').map((s) => s.trim());
    const [id = '', ...rest] = parts;
    const last = rest[rest.length - 1] ?? '';
    const scored = rest.length >= 2 && /^\d+([.,]\d+)?$/.test(last);
    const label = (scored ? rest.slice(0, -1) : rest).join('=').trim();
    if (!id || !label) {
      throw fail(
        `choices written id=label=score|id=label=score (choice ${i + 1}, "${entry.trim()}", has no ${id ? 'label' : 'id'})`,
      );
    }
    return {
      id,
      label: new Map([[lang, label]]),
      ...(scored ? { score: Number(last.replace(',', '.')) } : {}),
    };
  });
}

function columnName(column: string, lang: string, base: string): string {
  return lang === base ? column : `${column}_${lang}`;
}

/** The header's columns as `name@language` → index. */
function readHeader(cells: readonly string[], row: number, file: string, base: string): Map<string, number> {
  const columns = new Map<string, number>();
  cells.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!name) return;
    let key: string | null = (CSV_COLUMNS as readonly string[]).includes(name) ? `${name}@${base}` : null;
    const suffixed = /^(.+)_([a-z]{2}(?:-[a-z]{2})?)$/.exec(name);
    if (!key && suffixed && TRANSLATABLE.has(suffixed[1] as string)) {
      const [primary = '', region] = (suffixed[2] as string).split('-');
      key = `${suffixed[1]}@${region ? `${primary}-${region.toUpperCase()}` : primary}`;
    }
    if (!key) {
      throw catalogError(
        file,
        `row ${row}, column ${raw.trim()}`,
        `one of the documented columns (${CSV_COLUMNS.join(', ')}) or a translation such as requirement_title_es`,
      );
    }
    if (columns.has(key)) throw catalogError(file, `row ${row}, column ${raw.trim()}`, 'a column named only once');
    columns.set(key, index);
  });
  for (const required of ['requirement_id', 'requirement_title']) {
    if (!columns.has(`${required}@${base}`))
      throw catalogError(file, `row ${row}`, `a ${required} column in the header`);
  }
  return columns;
}

interface CsvRecord {
  readonly cells: string[];
  /** The line the record starts on. */
  readonly row: number;
}

function readRecords(text: string, file: string): CsvRecord[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  try {
    const rows = parse(text, { bom: true, delimiter, skip_empty_lines: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return rows.map(({ record, info }) => {
      const row = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      record.forEach((cell, i) => checkText(cell, file, `row ${row}, column ${i + 1}`));
      return { cells: record, row };
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const reason = error.message.replace(/ (on|at) line \d+.*$/, '');
      throw catalogError(file, line ? `row ${line}` : '(document)', `well-formed CSV (${reason})`);
    }
    throw error;
  }
}
