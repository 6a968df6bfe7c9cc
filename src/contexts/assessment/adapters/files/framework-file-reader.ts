import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ASSESSMENT_ERRORS } from '../../errors.js';
import type { FrameworkFileReader } from '../../application/ports.js';
import type { Catalog } from '../../domain/catalog.js';
import type { OscalSourceResolver } from '../importers/oscal-profile.js';
import { readText, readTextSync } from './read-text.js';
import { fileShippedCatalogs } from './shipped-catalogs.js';

/**
 * An OSCAL profile's imports: the catalog given with --catalog, else the
 * href read relative to the profile.
 */
function profileResolver(
  profilePath: string,
  catalogPath: string | undefined,
  maxBytes: number | undefined,
): OscalSourceResolver {
  return {
    resolve(href) {
      if (catalogPath) return { text: readTextSync(catalogPath, { maxBytes }), file: catalogPath };
      if (href.startsWith('#') || /^[a-z]+:\/\//i.test(href)) return null;
      const path = resolve(dirname(profilePath), href);
      return existsSync(path) ? { text: readTextSync(path, { maxBytes }), file: href } : null;
    },
  };
}

/** Reads a framework file from disk and hands it to the importer of its format. */
export const frameworkFileReader: FrameworkFileReader = {
  async read(path, options) {
    // The importers (and the YAML parser) load only for an import, not with every command.
    const { detectFormat, importFrameworkFile } = await import('../importers/detect-format.js');
    const text = await readText(path, { maxBytes: options.maxBytes });
    if (options.catalogPath && !existsSync(options.catalogPath)) {
      throw ASSESSMENT_ERRORS.fileUnreadable({ file: options.catalogPath, reason: 'no such file' });
    }
    // Only a CISO Assistant library's mapping sets need the known catalogs (to read their urns), and
    // sniffing the format parses the document: neither is done for a file without mapping sets.
    const mayMap = text.includes('requirement_mapping_set');
    const detected = !mayMap
      ? undefined
      : (options.format ?? (/\.(ya?ml)$/i.test(path) ? detectFormat(text, path) : undefined));
    let knownCatalogs: Catalog[] | undefined;
    if (detected === 'ciso-assistant') {
      const shipped = fileShippedCatalogs();
      const list = await shipped.list();
      knownCatalogs = (await Promise.all(list.map((s) => shipped.load(s.key)))).filter((c): c is Catalog => c !== null);
      if (options.knownCatalogs) knownCatalogs.push(...(await options.knownCatalogs()));
    }
    const imported = importFrameworkFile(text, path, {
      id: options.id,
      resolver: profileResolver(path, options.catalogPath, options.maxBytes),
      knownCatalogs,
    });
    if (options.format && options.format !== imported.format) {
      throw ASSESSMENT_ERRORS.formatMismatch({ file: path, given: options.format, found: imported.format });
    }
    return {
      format: imported.format,
      catalog: imported.catalog,
      mappingSets: imported.mappingSets,
      warnings: [...(imported.warnings ?? [])],
    };
  },
};
