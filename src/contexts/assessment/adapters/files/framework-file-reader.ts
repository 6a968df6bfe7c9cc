import { readFile } from 'node:fs/promises';
import { AppError } from '../../../../kernel/app-error.js';
import type { FrameworkFileReader } from '../../application/ports.js';
import { parseCatalog } from '../../domain/catalog-parse.js';

async function readText(path: string): Promise<string> {
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

/** Reads a framework file from disk and hands it to the importer of its format. */
export const frameworkFileReader: FrameworkFileReader = {
  async read(path, options) {
    const text = await readText(path);
    const { parse, YAMLParseError } = await import('yaml');
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      if (error instanceof YAMLParseError) {
        const pos = error.linePos?.[0];
        throw new AppError(
          'invalid-input',
          'FRAMEWORK.SYNTAX',
          `${path}: ${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${error.message.split('\n')[0]}`,
        );
      }
      throw error;
    }
    const format = options.format ?? (path.endsWith('.json') ? 'renfe-json' : 'renfe-yaml');
    const catalog = parseCatalog(doc, path);
    return { format, catalog: options.id ? { ...catalog, id: options.id } : catalog, mappingSets: [] };
  },
};
