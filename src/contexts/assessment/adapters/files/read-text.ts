import { readFile } from 'node:fs/promises';
import { AppError } from '../../../../kernel/app-error.js';

/** A user's file as text, or a one-line error naming it. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'invalid-input',
      'FILE.UNREADABLE',
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`,
    );
  }
}
