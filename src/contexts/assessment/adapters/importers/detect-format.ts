import { ASSESSMENT_ERRORS } from '../../errors.js';
import type { Catalog } from '../../domain/catalog.js';
import { catalogError, parseCatalog } from '../../domain/catalog-parse.js';
import { type MappingSet, parseMappingSet } from '../../domain/mapping.js';
import { importCisoAssistantLibrary } from './ciso-assistant.js';
import { importCsvCatalog } from './csv-catalog.js';
import { importOscalCatalogDocument } from './oscal-catalog.js';
import { type OscalSourceResolver, resolveOscalProfileDocument } from './oscal-profile.js';
import { parseJsonOrYamlText, parseJsonText, parseYamlText } from './source-text.js';

/**
 * Which importer a framework file needs, from its extension and content:
 *
 * | format           | how it is recognised                                             |
 * | ---------------- | ---------------------------------------------------------------- |
 * | `csv`            | `.csv`/`.tsv`, or a first line naming the `requirement_id` column |
 * | `oscal-catalog`  | JSON or YAML with a top-level `catalog`                          |
 * | `oscal-profile`  | JSON or YAML with a top-level `profile`                          |
 * | `ciso-assistant` | YAML (or JSON) with `objects` (framework, mapping sets) or `urn` |
 * | `renfe-json`     | JSON with top-level `requirements`                               |
 * | `renfe-yaml`     | YAML with top-level `requirements`                               |
 */
export type FrameworkFormat =
  'renfe-yaml' | 'renfe-json' | 'renfe-mapping' | 'oscal-catalog' | 'oscal-profile' | 'ciso-assistant' | 'csv';

export interface FrameworkFileOptions {
  /** The framework id to use instead of the one the file implies (not for our own format). */
  readonly id?: string | undefined;
  /** CSV only: version and name when the file has no such columns; the language of its plain columns. */
  readonly version?: string | undefined;
  readonly name?: string | undefined;
  readonly language?: string | undefined;
  /** OSCAL profiles: finds the catalog each import names (the CLI's `--catalog <file>`). */
  readonly resolver?: OscalSourceResolver | undefined;
  /** CISO Assistant mapping sets: catalogs whose requirement ids the urns should resolve to. */
  readonly knownCatalogs?: readonly Catalog[] | undefined;
}

export interface ImportedFramework {
  readonly catalog: Catalog | null;
  readonly mappingSets: MappingSet[];
  readonly format: FrameworkFormat;
  /** Quirks the importer normalised, one line each (CISO Assistant libraries). */
  readonly warnings?: readonly string[];
}

export function detectFormat(text: string, fileName: string): FrameworkFormat {
  return sniff(text, fileName).format;
}

export function importFrameworkFile(
  text: string,
  fileName: string,
  options: FrameworkFileOptions = {},
): ImportedFramework {
  const { format, doc, json } = sniff(text, fileName);
  const only = (catalog: Catalog): ImportedFramework => ({ catalog, mappingSets: [], format });
  // OSCAL YAML is read again keeping scalars as text, as its own importers do.
  const oscalDoc = () => (json ? doc : parseJsonOrYamlText(text, fileName));
  switch (format) {
    case 'renfe-yaml':
    case 'renfe-json':
      return only(parseCatalog(doc, fileName));
    case 'renfe-mapping':
      return { catalog: null, mappingSets: [parseMappingSet(doc, fileName)], format };
    case 'oscal-catalog':
      return only(importOscalCatalogDocument(oscalDoc(), fileName, { id: options.id }));
    case 'oscal-profile':
      if (!options.resolver) {
        throw ASSESSMENT_ERRORS.profileNeedsCatalog({ file: fileName });
      }
      return only(resolveOscalProfileDocument(oscalDoc(), fileName, options.resolver, { id: options.id }));
    case 'ciso-assistant':
      return { ...importCisoAssistantLibrary(text, fileName, options), format };
    case 'csv':
      return only(importCsvCatalog(text, fileName, options));
  }
}

function sniff(text: string, fileName: string): { format: FrameworkFormat; doc: unknown; json: boolean } {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  if (ext === 'csv' || ext === 'tsv') return { format: 'csv', doc: null, json: false };
  const json = ext === 'json' || (ext !== 'yaml' && ext !== 'yml' && /^\s*[{[]/.test(body));
  if (!json && ext !== 'yaml' && ext !== 'yml' && /(^|[,;\t"])\s*requirement_id\s*("|[,;\t]|$)/i.test(firstLine)) {
    return { format: 'csv', doc: null, json: false };
  }
  const doc = json ? parseJsonText(text, fileName) : parseYamlText(text, fileName);
  const keys = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  if ('catalog' in keys) return { format: 'oscal-catalog', doc, json };
  if ('profile' in keys) return { format: 'oscal-profile', doc, json };
  if ('requirements' in keys) return { format: json ? 'renfe-json' : 'renfe-yaml', doc, json };
  if ('mappings' in keys && 'source' in keys && 'target' in keys) return { format: 'renfe-mapping', doc, json };
  if ('objects' in keys || 'urn' in keys) return { format: 'ciso-assistant', doc, json };
  throw catalogError(
    fileName,
    '(document)',
    'a framework file: our catalog (top-level requirements), an OSCAL catalog or profile (catalog, profile), ' +
      'a CISO Assistant library (urn, objects) or a CSV file with a header row',
  );
}
