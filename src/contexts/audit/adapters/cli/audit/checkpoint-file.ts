import { AUDIT_ERRORS } from '../../../errors.js';

/** A checkpoint file's parsed content, for `audit verify --against`. */
export async function readCheckpointFile(file: string): Promise<{ file: string; content: unknown }> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw AUDIT_ERRORS.badCheckpoint({ file, problem: code === 'ENOENT' ? 'no such file' : String(code) });
  }
  if (text.length > 1_000_000) throw AUDIT_ERRORS.badCheckpoint({ file, problem: 'larger than any checkpoint' });
  try {
    return { file, content: JSON.parse(text) };
  } catch {
    throw AUDIT_ERRORS.badCheckpoint({ file, problem: 'not JSON' });
  }
}
