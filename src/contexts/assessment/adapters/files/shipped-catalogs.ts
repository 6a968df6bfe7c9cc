import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ShippedCatalogs } from '../../application/ports.js';
import type { Catalog } from '../../domain/catalog.js';
import { parseCatalog } from '../../domain/catalog-parse.js';
import { parseMappingSet } from '../../domain/mapping.js';

/** The package's `frameworks/` folder, from source (tests) or from the bundle. */
export function frameworksDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'frameworks'))) return join(dir, 'frameworks');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the frameworks/ folder of renfe');
    dir = parent;
  }
}

/** Shipped catalogs are parsed on demand and kept for the life of the process. */
export function fileShippedCatalogs(folder?: string): ShippedCatalogs {
  // Found on first use, like the templates.
  let found = folder;
  const dirOf = () => (found ??= frameworksDir());
  const cache = new Map<string, Catalog>();
  let index: Map<string, string> | undefined;

  async function catalogFiles(): Promise<Map<string, string>> {
    if (index) return index;
    const dir = dirOf();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
    index = new Map(files.map((f) => [f.replace(/\.yaml$/, ''), join(dir, f)]));
    return index;
  }

  async function load(key: string): Promise<Catalog | null> {
    const cached = cache.get(key);
    if (cached) return cached;
    const file = (await catalogFiles()).get(key);
    if (!file) return null;
    const catalog = parseCatalog(parse(await readFile(file, 'utf8')), `frameworks/${key}.yaml`);
    cache.set(key, catalog);
    return catalog;
  }

  return {
    async list() {
      // Only the header (everything before the requirement tree) is parsed: listing stays fast.
      const out = [];
      for (const file of (await catalogFiles()).values()) {
        const text = await readFile(file, 'utf8');
        const cut = text.search(/^requirements:/m);
        const header = parse(cut >= 0 ? text.slice(0, cut) : text) as Record<string, unknown>;
        const name = header.name as string | Record<string, string>;
        const lang = (header.languages as string[] | undefined)?.[0] ?? 'en';
        out.push({
          key: String(header.id),
          version: String(header.version),
          name: typeof name === 'string' ? { [lang]: name } : name,
          publisher: typeof header.publisher === 'string' ? header.publisher : null,
        });
      }
      return out;
    },
    load,
    async mappingSets() {
      const mdir = join(dirOf(), 'mappings');
      if (!existsSync(mdir)) return [];
      const files = (await readdir(mdir)).filter((f) => f.endsWith('.yaml')).sort();
      return Promise.all(
        files.map(async (f) =>
          parseMappingSet(parse(await readFile(join(mdir, f), 'utf8')), `frameworks/mappings/${f}`),
        ),
      );
    },
  };
}
