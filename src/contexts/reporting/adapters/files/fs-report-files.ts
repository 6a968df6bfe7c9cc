import { readFile, rename, writeFile } from 'node:fs/promises';
import { AppError } from '../../../../kernel/app-error.js';
import type { ReportFiles } from '../../application/ports.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
};

function fileError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? code ?? (error as Error).message;
  return new AppError('invalid-input', 'REPORT.FILE', `cannot use ${path}: ${reason}`);
}

/** Writes through a temporary file and a rename, so a report file is never half-written. */
export const fsReportFiles: ReportFiles = {
  async write(path, content) {
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, content);
      await rename(tmp, path);
    } catch (error) {
      throw fileError(path, error);
    }
  },
  async read(path) {
    try {
      return await readFile(path);
    } catch (error) {
      throw fileError(path, error);
    }
  },
};
