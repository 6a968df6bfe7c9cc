import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobFiles } from '../../application/ports.js';

export const fsJobFiles: JobFiles = {
  async read(path) {
    return readFile(path);
  },
  async ensureFolderOf(path) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  },
};
