import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { TrainingFiles } from '../../application/ports.js';
import { CourseFile, CourseShapeError, courseFromFile } from '../../domain/course.js';
import { TRAINING_ERRORS } from '../../errors.js';
import { packageFolder } from '../../../../kernel/package-folder.js';

const MAX_BYTES = 16 * 1024 * 1024;
/** Alias expansions a course file may make; a real one makes none ("billion laughs" make millions). */
const MAX_YAML_ALIASES = 100;

/** The package's `courses/` folder, from source (tests) or from the bundle. */
export function shippedCoursesDir(): string {
  return packageFolder('courses');
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
    throw TRAINING_ERRORS.unreadable({
      file: path,
      reason: code === 'ENOENT' ? 'no such file' : (code ?? String(error)),
    });
  }
}

const pathText = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');

/** Where the argument points: a folder's course.yaml, a YAML file, or a shipped course by name. */
function locate(pathOrName: string): { yaml: string; folder: string | null; shown: string } {
  let path = pathOrName;
  let shipped = false;
  if (!existsSync(path) && /^[a-z0-9-]+$/.test(pathOrName)) {
    const dir = shippedCoursesDir();
    for (const candidate of [join(dir, pathOrName), join(dir, `${pathOrName}.yaml`)]) {
      if (existsSync(candidate)) {
        path = candidate;
        shipped = true;
        break;
      }
    }
  }
  const isFolder = existsSync(path) && statSync(path).isDirectory();
  const yaml = isFolder ? join(path, 'course.yaml') : path;
  const shownBase = shipped ? `courses/${relative(shippedCoursesDir(), yaml)}` : yaml;
  return { yaml, folder: isFolder ? path : null, shown: shownBase };
}

export const courseFiles: TrainingFiles = {
  async course(pathOrName) {
    const { yaml, folder, shown } = locate(pathOrName);
    const text = await readText(yaml);
    const { LineCounter, parseDocument } = await import('./parsers.js');
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0]?.line;
      throw TRAINING_ERRORS.invalidFile({
        where: `${shown}${line ? `:${line}` : ''}`,
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
    const place = (p: readonly (string | number)[]) => {
      const line = lineOf(p);
      return `${shown}${line ? `:${line}` : ''}${p.length ? ` (${pathText(p)})` : ''}`;
    };
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
      // Alias bombs, aliases of anchors set nowhere, and nesting deeper than the stack: bad input, not a crash.
      const problem = /alias count/i.test((error as Error).message)
        ? `more than ${MAX_YAML_ALIASES} YAML alias expansions, the limit for course files`
        : error instanceof RangeError
          ? 'nested too deeply'
          : error instanceof ReferenceError
            ? error.message
            : undefined;
      if (problem === undefined) throw error;
      throw TRAINING_ERRORS.invalidFile({ where: shown, problem });
    }
    const parsed = CourseFile.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw TRAINING_ERRORS.invalidFile({
        where: place((issue?.path ?? []) as (string | number)[]),
        problem: issue?.message ?? 'invalid',
      });
    }
    try {
      const definition = courseFromFile(parsed.data, (name, lang, at) => {
        if (!folder) throw new CourseShapeError(at, 'a one-file course gives each module a body, not a file');
        const md = join(folder, 'modules', lang, name);
        if (!existsSync(md)) throw new CourseShapeError(at, `no file modules/${lang}/${name} beside course.yaml`);
        return readFileSync(md, 'utf8').replace(/^\uFEFF/, '');
      });
      return { definition, source: folder && shown.endsWith('course.yaml') ? dirname(shown) : shown };
    } catch (error) {
      if (error instanceof CourseShapeError)
        throw TRAINING_ERRORS.invalidFile({ where: place(error.path), problem: error.message });
      throw error;
    }
  },
  async answers(path) {
    const text = await readText(path);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw TRAINING_ERRORS.badAnswer({ where: path, problem: `not JSON (${(error as Error).message})` });
    }
    if (!data || typeof data !== 'object' || Array.isArray(data))
      throw TRAINING_ERRORS.badAnswer({ where: path, problem: 'expected an object of question id → answer' });
    return data as Record<string, unknown>;
  },
  async shipped() {
    const dir = shippedCoursesDir();
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (e.isDirectory() && existsSync(join(dir, e.name, 'course.yaml'))) || e.name.endsWith('.yaml'))
      .map((e) => ({ name: basename(e.name, '.yaml'), path: join(dir, e.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  async readBytes(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw TRAINING_ERRORS.unreadable({
        file: path,
        reason: code === 'ENOENT' ? 'no such file' : (code ?? String(error)),
      });
    }
  },
};
