import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as z from 'zod';
import type { ShippedCatalogs } from '../../application/ports.js';
import type { Catalog } from '../../domain/catalog.js';
import { parseCatalog } from '../../domain/catalog-parse.js';
import { type MappingSet, type MappingSetEnds, parseMappingSet } from '../../domain/mapping.js';
import { packageFolder } from '../../../../kernel/package-folder.js';

/** The package's `frameworks/` folder, from source (tests) or from the bundle. */
export function frameworksDir(): string {
  return packageFolder('frameworks');
}

/** The YAML parser, loaded on first use rather than with every command. */
async function parseYaml(text: string): Promise<unknown> {
  return (await import('./yaml.js')).parseYaml(text);
}

const MAPPING_HEAD = z.object({
  id: z.string().min(1),
  source: z.object({ framework: z.string().min(1) }),
  target: z.object({ framework: z.string().min(1) }),
});

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
    const catalog = parseCatalog(await parseYaml(await readFile(file, 'utf8')), `frameworks/${key}.yaml`);
    cache.set(key, catalog);
    return catalog;
  }

  const mappingSets = new Map<string, MappingSet>();
  let ends: { file: string; ends: MappingSetEnds }[] | undefined;

  async function mappingFiles(): Promise<string[]> {
    const dir = join(dirOf(), 'mappings');
    if (!existsSync(dir)) return [];
    return (await readdir(dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  }

  async function loadMappingSet(file: string): Promise<MappingSet> {
    let set = mappingSets.get(file);
    if (!set) {
      set = parseMappingSet(await parseYaml(await readFile(file, 'utf8')), `frameworks/mappings/${basename(file)}`);
      mappingSets.set(file, set);
    }
    return set;
  }

  /** Each mapping file's ends, from the part of the file before its mappings. */
  async function endsOfFiles(): Promise<{ file: string; ends: MappingSetEnds }[]> {
    if (ends) return ends;
    const out = [];
    for (const file of await mappingFiles()) {
      const text = await readFile(file, 'utf8');
      const cut = text.search(/^mappings:/m);
      const head = MAPPING_HEAD.safeParse(await parseYaml(cut >= 0 ? text.slice(0, cut) : text));
      // A head that does not read as expected: the whole file is parsed, to report what is wrong with it.
      out.push({ file, ends: head.success ? head.data : await loadMappingSet(file) });
    }
    ends = out;
    return out;
  }

  return {
    async list() {
      // Only the header (everything before the requirement tree) is parsed: listing stays fast.
      const out = [];
      for (const file of (await catalogFiles()).values()) {
        const text = await readFile(file, 'utf8');
        const cut = text.search(/^requirements:/m);
        const header = (await parseYaml(cut >= 0 ? text.slice(0, cut) : text)) as Record<string, unknown>;
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
    async mappingSetEnds() {
      return (await endsOfFiles()).map((e) => e.ends);
    },
    async mappingSets(ids) {
      const files = ids
        ? (await endsOfFiles()).filter((e) => ids.includes(e.ends.id)).map((e) => e.file)
        : await mappingFiles();
      return Promise.all(files.map(loadMappingSet));
    },
  };
}
