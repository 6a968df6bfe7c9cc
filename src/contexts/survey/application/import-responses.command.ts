import { allow } from '../../auth/index.js';
import { newId, newOrderedId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { toRows } from '../domain/answer-rows.js';
import {
  answerValueIssue,
  groupingQuestions,
  isShown,
  localize,
  missingRequired,
  type SurveyAnswer,
  type SurveyDefinition,
  type SurveyQuestion,
} from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import type { AnswerRow, SurveyDeps } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

/** Lower case, no accents, no punctuation or extra spaces: how form exports' headers are compared. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Columns that Google Forms and Microsoft Forms add around the answers. */
const METADATA = new Set(
  [
    'Timestamp',
    'Marca temporal',
    'ID',
    'Start time',
    'Completion time',
    'Hora de inicio',
    'Hora de finalización',
    'Email',
    'Email Address',
    'Correo electrónico',
    'Dirección de correo electrónico',
    'Name',
    'Nombre',
    'Last modified time',
    'Hora de la última modificación',
    'Score',
    'Puntuación',
  ].map(normaliseHeader),
);
const EMAIL_HEADERS = new Set(
  ['Email', 'Email Address', 'Correo electrónico', 'Dirección de correo electrónico'].map(normaliseHeader),
);
const TIME_HEADERS = new Set(
  ['Timestamp', 'Marca temporal', 'Completion time', 'Hora de finalización'].map(normaliseHeader),
);

export interface ColumnMatch {
  readonly column: number;
  readonly header: string;
  /** The question it answers, or null: a metadata or ignored column. */
  readonly question: string | null;
  readonly how: 'exact' | 'normalised' | 'map' | 'metadata' | 'ignored' | 'unmatched';
}

/** Headers matched to questions by their text in any language: exactly, then normalised; a map decides the rest. */
export function matchColumns(
  definition: SurveyDefinition,
  header: readonly string[],
  map: ReadonlyMap<string, string | null>,
): ColumnMatch[] {
  return header.map((raw, column) => {
    const h = raw.trim();
    if (map.has(h)) {
      const question = map.get(h) ?? null;
      return { column, header: h, question, how: question === null ? 'ignored' : 'map' };
    }
    const texts = (q: SurveyQuestion) => Object.values(q.text);
    const exact = definition.questions.find((q) => texts(q).some((t) => t.trim() === h));
    if (exact) return { column, header: h, question: exact.id, how: 'exact' };
    const norm = normaliseHeader(h);
    const loose = definition.questions.find((q) => texts(q).some((t) => normaliseHeader(t) === norm));
    if (loose) return { column, header: h, question: loose.id, how: 'normalised' };
    if (METADATA.has(norm)) return { column, header: h, question: null, how: 'metadata' };
    return { column, header: h, question: null, how: 'unmatched' };
  });
}

const YES = new Set(['yes', 'si', 'sí', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

type CellParser = (cell: string) => { value?: SurveyAnswer; problem?: string };

/**
 * A parser for one question's cells: numbers, or labels in any language, as
 * the form wrote them. Labels are normalised once per import, not per cell.
 */
function cellParser(q: SurveyQuestion): CellParser {
  const options = new Map<string, string>();
  for (const o of q.options) {
    options.set(o.id, o.id);
    for (const label of Object.values(o.label)) options.set(normaliseHeader(label), o.id);
  }
  const byLabel = (t: string) => options.get(t) ?? options.get(normaliseHeader(t));
  const points = new Map<string, number>();
  q.labels.forEach((l, i) => {
    for (const text of Object.values(l)) points.set(normaliseHeader(text), i + 1);
  });
  switch (q.type) {
    case 'likert':
      return (text) => {
        const value = /^\d+$/.test(text) ? Number(text) : (points.get(normaliseHeader(text)) ?? NaN);
        return answerValueIssue(q, value) === null
          ? { value }
          : { problem: `"${text}" is not a point of the ${q.scale}-point scale` };
      };
    case 'rating':
    case 'nps':
      return (text) => {
        const value = Number(text);
        const issue = answerValueIssue(q, value);
        return issue === null ? { value } : { problem: `"${text}" is not ${issue}` };
      };
    case 'yes_no':
      return (text) => {
        const t = text.toLowerCase();
        return YES.has(t) ? { value: 'yes' } : NO.has(t) ? { value: 'no' } : { problem: `"${text}" is not yes or no` };
      };
    case 'single_choice':
      return (text) => {
        const id = byLabel(text);
        if (id) return { value: id };
        return q.other ? { value: `other:${text}` } : { problem: `"${text}" is not one of the options` };
      };
    case 'multiple_choice':
      return (text) => {
        // Forms join choices with ";" (Microsoft) or ", " (Google); an option label may itself hold a comma.
        const parts = text.includes(';') ? text.split(';') : splitKnown(q, text);
        const values: string[] = [];
        for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
          const id = byLabel(part);
          if (id) values.push(id);
          else if (q.other) values.push(`other:${part}`);
          else return { problem: `"${part}" is not one of the options` };
        }
        return values.length > 0 ? { value: values } : { problem: 'no option chosen' };
      };
    case 'text':
      return (text) => (answerValueIssue(q, text) === null ? { value: text } : { problem: 'text too long' });
  }
}

/** Splits on ", " but keeps option labels that contain a comma whole. */
function splitKnown(q: SurveyQuestion, text: string): string[] {
  const labels = q.options.flatMap((o) => Object.values(o.label)).sort((a, b) => b.length - a.length);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const label = labels.find(
      (l) =>
        normaliseHeader(rest).startsWith(normaliseHeader(l)) && (rest.length === l.length || rest[l.length] === ','),
    );
    const piece = label ? rest.slice(0, label.length) : (rest.split(',')[0] as string);
    parts.push(piece);
    rest = rest.slice(piece.length).replace(/^\s*,\s*/, '');
  }
  return parts;
}

function dayOf(cell: string | undefined, fallback: Date): string {
  if (cell) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(cell);
    if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
    const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(cell);
    if (dmy) return `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  }
  return fallback.toISOString().slice(0, 10);
}

export interface ImportResponsesInput {
  readonly path: string;
  readonly mapPath?: string | undefined;
  /** Answers a terminal gives for unmatched headers (the cli asks; scripts pass a map file). */
  readonly ask?: ((header: string, questions: readonly SurveyQuestion[]) => Promise<string | null>) | undefined;
}

/**
 * `survey import <survey> responses.csv`: a CSV export of Google Forms or
 * Microsoft Forms, every row checked first; all rows or none are stored.
 */
export function importResponses(deps: SurveyDeps) {
  return async (principal: Principal, ref: string, input: ImportResponsesInput) => {
    const access = allow(principal, 'survey.run');
    const found = await findSurvey(deps.uow.read.forOrg(access.orgId), ref);
    const { definition } = found;
    if (found.status !== 'published' && found.status !== 'closed') {
      throw SURVEY_ERRORS.badStatus({
        survey: surveyRef(found),
        status: found.status,
        action: 'import',
        needed: 'published or closed',
      });
    }
    const table = await deps.files.table(input.path);
    const map = new Map(input.mapPath ? await deps.files.columnMap(input.mapPath) : []);
    for (const [header, id] of map) {
      if (id !== null && !definition.questions.some((q) => q.id === id)) {
        throw SURVEY_ERRORS.badImport({
          where: input.mapPath ?? 'map',
          problem: `"${header}" maps to ${id}, which is not a question of ${surveyRef(found)}`,
        });
      }
    }
    let columns = matchColumns(definition, table.header, map);
    const unmatched = columns.filter((c) => c.how === 'unmatched');
    if (unmatched.length > 0 && input.ask) {
      for (const c of unmatched) map.set(c.header, await input.ask(c.header, definition.questions));
      columns = matchColumns(definition, table.header, map);
    }
    const still = columns.filter((c) => c.how === 'unmatched');
    if (still.length > 0) {
      throw SURVEY_ERRORS.badImport({
        where: input.path,
        problem: `no question matches the column${still.length === 1 ? '' : 's'} ${still.map((c) => `"${c.header}"`).join(', ')}; map ${still.length === 1 ? 'it' : 'them'} with --map map.yaml ("<header>": <question id> or null to ignore)`,
      });
    }
    const twice = definition.questions.filter((q) => columns.filter((c) => c.question === q.id).length > 1);
    if (twice.length > 0)
      throw SURVEY_ERRORS.badImport({
        where: input.path,
        problem: `several columns answer ${twice.map((q) => q.id).join(', ')}`,
      });
    const emailColumn = definition.anonymous
      ? -1
      : table.header.findIndex((h) => EMAIL_HEADERS.has(normaliseHeader(h)));
    const timeColumn = table.header.findIndex((h) => TIME_HEADERS.has(normaliseHeader(h)));
    const now = deps.clock.now();

    const parsers = new Map(definition.questions.map((q) => [q.id, cellParser(q)]));
    const questionById = new Map(definition.questions.map((q) => [q.id, q]));
    const columnOf = new Map(definition.questions.map((q) => [q.id, columns.find((c) => c.question === q.id)]));
    const responses = table.rows.map((cells, r) => {
      const rowNumber = r + 2; // the header is row 1
      const answers = new Map<string, SurveyAnswer>();
      for (const question of definition.questions) {
        const column = columnOf.get(question.id);
        const cell = column ? (cells[column.column] ?? '').trim() : '';
        if (cell === '') continue;
        const parsed = (parsers.get(question.id) as CellParser)(cell);
        if (parsed.problem !== undefined) {
          throw SURVEY_ERRORS.badImport({
            where: `${input.path}, row ${rowNumber}, column "${column?.header}"`,
            problem: parsed.problem,
          });
        }
        if (!isShown(question, answers)) {
          throw SURVEY_ERRORS.badImport({
            where: `${input.path}, row ${rowNumber}, column "${column?.header}"`,
            problem: `answers ${question.id}, which is not asked after that row's answer to ${question.when?.question}`,
          });
        }
        answers.set(question.id, parsed.value as SurveyAnswer);
      }
      const missing = missingRequired(definition, answers);
      if (missing.length > 0) {
        throw SURVEY_ERRORS.badImport({
          where: `${input.path}, row ${rowNumber}`,
          problem: `required question${missing.length === 1 ? '' : 's'} left empty: ${missing.map((q) => `${q.id} (${localize(q.text, definition.languages[0] ?? 'en').slice(0, 40)})`).join(', ')}`,
        });
      }
      const rows: AnswerRow[] = [];
      for (const [id, value] of answers)
        for (const a of toRows(questionById.get(id) as SurveyQuestion, value))
          rows.push({ questionId: id, item: a.item, num: a.num, text: a.text });
      const email = emailColumn >= 0 ? (cells[emailColumn] ?? '').trim().toLowerCase() || null : null;
      return {
        // A time-ordered id would carry the import's time to the millisecond: an anonymous response gets a random one.
        id: definition.anonymous ? newId() : newOrderedId(),
        email,
        language: definition.languages[0] ?? 'en',
        day: dayOf(cells[timeColumn], now),
        at: definition.anonymous ? null : now,
        answers: rows,
      };
    });
    if (responses.length === 0)
      throw SURVEY_ERRORS.badImport({ where: input.path, problem: 'no response rows after the header' });

    return access.change(deps.uow, async ({ survey, record }) => {
      await survey.forOrg(access.orgId).addSubmitted(found.id, responses, groupingQuestions(definition));
      await record({
        action: 'survey.responses_imported',
        targetType: 'survey',
        targetId: found.id,
        details: { survey: surveyRef(found), responses: responses.length, source: input.path },
      });
      return {
        survey: surveyRef(found),
        imported: responses.length,
        columns: columns.map((c) => ({ header: c.header, question: c.question, how: c.how })),
      };
    });
  };
}
