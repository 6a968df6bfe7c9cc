import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isAppError } from '../../../../kernel/app-error.js';
import { MAX_EVIDENCE_BYTES } from '../../application/add-evidence.command.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';

/** Reads an evidence file, refusing oversized ones before loading them. */
export async function readEvidenceFile(path: string): Promise<{ name: string; content: Buffer }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw ASSESSMENT_ERRORS.evidenceNotAFile({ file: path });
    if (info.size > MAX_EVIDENCE_BYTES) {
      throw ASSESSMENT_ERRORS.evidenceTooLarge({
        file: path,
        size: (info.size / 1048576).toFixed(1),
        limit: MAX_EVIDENCE_BYTES / 1048576,
      });
    }
    return { name: basename(path), content: await readFile(path) };
  } catch (error) {
    if (isAppError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw ASSESSMENT_ERRORS.evidenceUnreadable({
      file: path,
      problem: code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message),
    });
  }
}
