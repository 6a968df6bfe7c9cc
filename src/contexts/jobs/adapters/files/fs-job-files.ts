import { readFile } from 'node:fs/promises';
import type { JobFiles } from '../../application/ports.js';

export const fsJobFiles: JobFiles = {
  async read(path) {
    return readFile(path);
  },
};
