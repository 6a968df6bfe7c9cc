import { readFile, rename, writeFile } from 'node:fs/promises';
import { AppError } from '../../../../kernel/app-error.js';
import type { ReportFiles } from '../../application/ports.js';

function fileError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES'
        ? 'permission denied'
        : (code ?? (error as Error).message);
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
