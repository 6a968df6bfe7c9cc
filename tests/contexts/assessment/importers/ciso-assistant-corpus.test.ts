import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importCisoAssistantLibrary } from '../../../../src/contexts/assessment/adapters/importers/ciso-assistant.js';
import { type Catalog, isAssessable, walkRequirements } from '../../../../src/contexts/assessment/domain/catalog.js';

/**
 * Real CISO Assistant libraries, unchanged from intuitem/ciso-assistant-community
 * (backend/library/libraries/), read from `../shared/ciso-assistant-sample/`
 * beside the repository: they are not ours to copy into it. Every framework
 * and mapping library must import, with the node and mapping counts the file
 * itself gives; every other library must be refused as unsupported.
 */
const SAMPLE = fileURLToPath(new URL('../../../../../shared/ciso-assistant-sample/', import.meta.url));
const present = existsSync(SAMPLE);
if (!present) {
  console.warn(`ciso-assistant corpus: ${SAMPLE} is absent; the corpus test is skipped`);
}

interface RawNode {
  urn: string;
  assessable?: boolean | string;
  name?: string;
  description?: string;
  display_mode?: string;
}
interface RawSet {
  urn: string;
  requirement_mappings: { relationship: string }[];
}
interface RawLibrary {
  objects?: {
    framework?: { urn: string; requirement_nodes: RawNode[] };
    requirement_mapping_set?: RawSet;
    requirement_mapping_sets?: RawSet[];
  };
}

const files = present
  ? readdirSync(SAMPLE)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  : [];
const withdrawn = (n: RawNode) => /^\s*\[?\s*withdrawn\b/i.test(n.name ?? n.description ?? '');
const truthy = (v: unknown) => v === true || (typeof v === 'string' && ['true', 'yes'].includes(v.toLowerCase()));

describe.skipIf(!present)('CISO Assistant corpus (../shared/ciso-assistant-sample)', () => {
  const framework: Catalog[] = [];
  const outcome: { imported: string[]; refused: string[] } = { imported: [], refused: [] };

  it.each(files)('%s imports with the counts the file gives, or is refused as another kind', (file) => {
    const text = readFileSync(`${SAMPLE}${file}`, 'utf8');
    const raw = parse(text) as RawLibrary;
    const nodes = raw.objects?.framework?.requirement_nodes ?? [];
    const sets = new Map<string, RawSet>();
    for (const set of [
      ...(raw.objects?.requirement_mapping_set ? [raw.objects.requirement_mapping_set] : []),
      ...(raw.objects?.requirement_mapping_sets ?? []),
    ]) {
      if (!sets.has(set.urn.toLowerCase())) sets.set(set.urn.toLowerCase(), set);
    }
    if (nodes.length === 0 && sets.size === 0) {
      expect(() => importCisoAssistantLibrary(text, file)).toThrow(
        expect.objectContaining({ kind: 'unsupported', code: 'FRAMEWORK.UNSUPPORTED_LIBRARY' }),
      );
      outcome.refused.push(file);
      return;
    }
    const result = importCisoAssistantLibrary(text, file);
    outcome.imported.push(file);
    for (const w of result.warnings) expect(w).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}(:\\d+)?: `));
    if (nodes.length > 0) {
      const catalog = result.catalog as Catalog;
      framework.push(catalog);
      const walked = [...walkRequirements(catalog.requirements)];
      expect(walked).toHaveLength(nodes.length);
      expect(new Set(walked.map((w) => w.requirement.id)).size).toBe(nodes.length);
      expect(walked.filter((w) => w.requirement.withdrawn)).toHaveLength(nodes.filter(withdrawn).length);
      const assessed = nodes.filter(
        (n) => truthy(n.assessable) && !withdrawn(n) && n.display_mode?.toLowerCase() !== 'splash',
      );
      expect(walked.filter((w) => isAssessable(w.requirement))).toHaveLength(assessed.length);
      // Questions are never written from the id alone.
      for (const { requirement } of walked) {
        for (const q of requirement.questions) {
          for (const text of Object.values(q.text)) expect(text.trim()).not.toBe('');
        }
      }
    }
    const expected = [...sets.values()]
      .map((s) => s.requirement_mappings.filter((m) => m.relationship.trim().toLowerCase() !== 'not_related').length)
      .filter((n) => n > 0);
    expect(result.mappingSets.map((s) => s.mappings.length)).toEqual(expected);
    expect(new Set(result.mappingSets.map((s) => s.id)).size).toBe(result.mappingSets.length);
  });

  it('gives every framework of the sample its own id and the version of its standard', () => {
    const ids = framework.map((c) => `${c.id}@${c.version}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(framework.every((c) => c.revision !== undefined)).toBe(true);
    console.info(
      `ciso-assistant corpus: ${outcome.imported.length} of ${files.length} libraries imported, ` +
        `${outcome.refused.length} refused as other kinds (${outcome.refused.join(', ')})`,
    );
  });
});
