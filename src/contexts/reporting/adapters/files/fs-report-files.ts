import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AppError } from '../../../../kernel/app-error.js';
import type { ReportFiles } from '../../application/ports.js';
import { REPORTING_ERRORS } from '../../errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
};

function fileError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? code ?? (error as Error).message;
  return REPORTING_ERRORS.fileUnusable({ path, reason });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A run killed between writing and renaming leaves `<out>.<pid>.tmp`. The
 * next write to the same file removes those whose process is gone (a live
 * process may still be writing its own).
 */
async function removeStaleTemporaries(path: string): Promise<void> {
  const dir = dirname(path);
  const base = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const pid = /^\.(\d+)\.tmp$/.exec(name.slice(base.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
    await unlink(join(dir, name)).catch(() => {});
  }
}

/**
 * Writes through a temporary file and a rename, so a report file is never
 * half-written. Reports hold an organisation's findings: they are written
 * 0600 (owner only), like the database and the configuration; the CLI's
 * `--mode` opens them up afterwards when asked.
 */
export const fsReportFiles: ReportFiles = {
  async write(path, content) {
    await removeStaleTemporaries(path);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, content, { mode: 0o600 });
      await rename(tmp, path);
    } catch (error) {
      await unlink(tmp).catch(() => {});
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
