import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SurveyFiles } from '../../application/ports.js';
import { SurveyFile, SurveyShapeError, surveyFromFile } from '../../domain/survey.js';
import { SURVEY_ERRORS } from '../../errors.js';
import { packageFolder } from '../../../../kernel/package-folder.js';

const MAX_BYTES = 64 * 1024 * 1024;
/** Alias expansions a survey file may make; a real one makes none ("billion laughs" make millions). */
const MAX_YAML_ALIASES = 100;

/** The package's `surveys/` folder, from source (tests) or from the bundle. */
export function shippedSurveysDir(): string {
  return packageFolder('surveys');
}

async function readText(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'it is a folder' });
    if (info.size > MAX_BYTES)
      throw Object.assign(new Error('too large'), { code: `larger than ${MAX_BYTES >> 20} MiB` });
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw SURVEY_ERRORS.unreadable({
      file: path,
      reason: code === 'ENOENT' ? 'no such file' : (code ?? String(error)),
    });
  }
}

/** YAML with every error placed: file, line and the path inside the document. */
async function parseYamlDocument(text: string, file: string) {
  const { LineCounter, parseDocument } = await import('./parsers.js');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw SURVEY_ERRORS.invalidFile({
      where: `${file}${line ? `:${line}` : ''}`,
      problem: first.message.split('\n')[0] ?? 'not YAML',
    });
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // Alias bombs, aliases of anchors set nowhere, and nesting deeper than the stack: bad input, not a crash.
    const problem = /alias count/i.test((error as Error).message)
      ? `more than ${MAX_YAML_ALIASES} YAML alias expansions, the limit for survey files`
      : error instanceof RangeError
        ? 'nested too deeply'
        : error instanceof ReferenceError
          ? error.message
          : undefined;
    if (problem === undefined) throw error;
    throw SURVEY_ERRORS.invalidFile({ where: file, problem });
  }
  return { data, lineOf };
}

const pathText = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');

export const surveyFiles: SurveyFiles = {
  async definition(pathOrName) {
    let path = pathOrName;
    if (!existsSync(path) && /^[a-z0-9-]+$/.test(pathOrName)) {
      const shipped = join(shippedSurveysDir(), `${pathOrName}.yaml`);
      if (existsSync(shipped)) path = shipped;
    }
    const text = await readText(path);
    const shown = existsSync(pathOrName) ? pathOrName : `surveys/${basename(path)}`;
    const { data, lineOf } = await parseYamlDocument(text, shown);
    const place = (p: readonly (string | number)[]) => {
      const line = lineOf(p);
      return `${shown}${line ? `:${line}` : ''}${p.length ? ` (${pathText(p)})` : ''}`;
    };
    const parsed = SurveyFile.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const p = (issue?.path ?? []) as (string | number)[];
      throw SURVEY_ERRORS.invalidFile({ where: place(p), problem: issue?.message ?? 'invalid' });
    }
    try {
      return { definition: surveyFromFile(parsed.data), source: shown };
    } catch (error) {
      if (error instanceof SurveyShapeError)
        throw SURVEY_ERRORS.invalidFile({ where: place(error.path), problem: error.message });
      throw error;
    }
  },
  async table(path) {
    const text = await readText(path);
    const { parseCsv: parse } = await import('./parsers.js');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    let records: string[][];
    try {
      records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (error) {
      const e = error as { lines?: number; message: string };
      throw SURVEY_ERRORS.badImport({
        where: `${path}${e.lines ? `, line ${e.lines}` : ''}`,
        problem: e.message.split('\n')[0] ?? 'not CSV',
      });
    }
    const [header, ...rows] = records;
    if (!header) throw SURVEY_ERRORS.badImport({ where: path, problem: 'the file is empty' });
    return { header, rows };
  },
  async columnMap(path) {
    const { data } = await parseYamlDocument(await readText(path), path);
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw SURVEY_ERRORS.badImport({
        where: path,
        problem: 'expected a map of "<column header>": <question id> (or null to ignore)',
      });
    }
    const map = new Map<string, string | null>();
    for (const [header, id] of Object.entries(data as Record<string, unknown>)) {
      if (id !== null && typeof id !== 'string') {
        throw SURVEY_ERRORS.badImport({
          where: `${path} ("${header}")`,
          problem: 'expected a question id, or null to ignore the column',
        });
      }
      map.set(header.trim(), id);
    }
    return map;
  },
  async answers(path) {
    const text = await readText(path);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw SURVEY_ERRORS.badAnswer({ where: path, problem: `not JSON (${(error as Error).message})` });
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw SURVEY_ERRORS.badAnswer({ where: path, problem: 'expected an object of question id → answer' });
    }
    return data as Record<string, unknown>;
  },
  async shipped() {
    const dir = shippedSurveysDir();
    return (await readdir(dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ name: f.replace(/\.yaml$/, ''), path: join(dir, f) }));
  },
};
