import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../../kernel/app-error.js';
import { MAX_EVIDENCE_BYTES } from '../../application/add-evidence.command.js';

/** Reads an evidence file, refusing oversized ones before loading them. */
export async function readEvidenceFile(path: string): Promise<{ name: string; content: Buffer }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('invalid-input', 'EVIDENCE.NOT_A_FILE', `${path} is not a file`);
    if (info.size > MAX_EVIDENCE_BYTES) {
      throw new AppError(
        'invalid-input',
        'EVIDENCE.TOO_LARGE',
        `${path} is ${(info.size / 1048576).toFixed(1)} MiB; evidence files are limited to ${MAX_EVIDENCE_BYTES / 1048576} MiB`,
        'attach a link instead',
      );
    }
    return { name: basename(path), content: await readFile(path) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'invalid-input',
      'EVIDENCE.UNREADABLE',
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`,
    );
  }
}
