import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { catalogHash } from '../domain/catalog-hash.js';
import { type Catalog, walkRequirements } from '../domain/catalog.js';
import type { MappingSet } from '../domain/mapping.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AssessmentDeps, AssessmentStore } from './ports.js';

export interface ImportFrameworkInput {
  path: string;
  format?: string | undefined;
  /** The catalog an OSCAL profile resolves against (a file path). */
  catalogPath?: string | undefined;
  /** Framework id to use instead of the one derived from the file. */
  id?: string | undefined;
  /** The import size limit (bytes) the caller configured. */
  maxBytes?: number | undefined;
}

export interface ImportFrameworkResult {
  format: string;
  framework: {
    id: string;
    version: string;
    /** The revision of the file (a CISO Assistant library's own version), if it has one. */
    revision: string | null;
    requirements: number;
    questions: number;
    /** Whether the plain id names this version (no shipped catalog, default or other version has it). */
    plainId: boolean;
  } | null;
  /** `unresolved`: links whose source or target names no requirement of its framework (null: framework not found). */
  mappingSets: { id: string; mappings: number; unresolved: number | null }[];
  /** Quirks of the file that were normalised, one line each (for stderr). */
  warnings: string[];
}

/**
 * Validates the whole file before writing, then stores the framework and any
 * mapping sets in one transaction: a bad file changes nothing.
 *
 * An import never takes over a version: when the file's version of the
 * standard is already shipped or stored (CISO Assistant's `iso27001-2022`
 * is version 2022, like the shipped catalog), a file with a revision is
 * stored as `<version>+r<revision>` (`2022+r18`); without one, or when
 * that too exists, the import is refused as a conflict. A plain id keeps
 * naming what it named before (see `locateFramework`).
 */
export function importFramework(deps: AssessmentDeps) {
  return async (principal: Principal, input: ImportFrameworkInput): Promise<ImportFrameworkResult> => {
    const access = allow(principal, 'framework.import');
    const { orgId } = access;
    const read = await deps.files.read(input.path, {
      format: input.format,
      catalogPath: input.catalogPath,
      id: input.id,
      maxBytes: input.maxBytes,
      // CISO Assistant mapping sets name requirements by urn: those of the libraries imported before.
      knownCatalogs: async () => {
        const frameworks = deps.uow.read.frameworks(orgId);
        const own = (await frameworks.list()).filter((f) => !f.shared && f.origin === 'ciso-assistant');
        return Promise.all(own.map((f) => frameworks.load(f.id)));
      },
    });
    if (!read.catalog && read.mappingSets.length === 0) {
      throw ASSESSMENT_ERRORS.frameworkEmpty({ file: input.path });
    }
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, entitlements, record }) => {
      let framework: ImportFrameworkResult['framework'] = null;
      if (read.catalog) {
        let c = read.catalog;
        const versions = await store.frameworks(orgId).versions(c.id);
        const shipped = (await deps.shipped.list()).find((s) => s.key === c.id);
        const taken = (v: string) => versions.some((r) => r.version === v) || shipped?.version === v;
        // The same revision of the same file stored already is a repeated import, not a new version.
        const repeated = versions.some((r) => r.version === c.version && r.revision === (c.revision ?? null));
        if (taken(c.version) && c.revision && !repeated) c = { ...c, version: `${c.version}+r${c.revision}` };
        if (taken(c.version)) {
          throw ASSESSMENT_ERRORS.frameworkVersionExists({ file: input.path, id: c.id, version: c.version });
        }
        // A new version of a framework the organisation imported before takes no new slot.
        if (!versions.some((r) => r.origin !== 'shipped' && r.shared === false)) {
          await entitlements.reserve(orgId, 'imported_frameworks');
        }
        const saved = await store
          .frameworks(orgId)
          .save(c, { shared: false, origin: read.format, contentHash: catalogHash(c) }, now);
        framework = {
          id: c.id,
          version: c.version,
          revision: c.revision ?? null,
          requirements: saved.requirementCount,
          questions: saved.questionCount,
          plainId: !shipped && versions.length === 0,
        };
        await record({
          action: 'framework.imported',
          targetType: 'framework',
          targetId: saved.id,
          details: {
            framework: c.id,
            version: c.version,
            ...(c.revision ? { revision: c.revision } : {}),
            format: read.format,
            file: input.path,
          },
        });
      }
      const mappingSets: ImportFrameworkResult['mappingSets'] = [];
      const linkWarnings: string[] = [];
      for (const set of read.mappingSets) {
        if (await store.mappings(orgId).exists(set.id)) {
          throw ASSESSMENT_ERRORS.mappingExists({ file: input.path, id: set.id });
        }
        await store.mappings(orgId).save(set, { shared: false, origin: read.format }, now);
        const unresolved = await unresolvedLinks(deps, store, orgId, set, read.catalog);
        if (unresolved.warning) linkWarnings.push(unresolved.warning);
        mappingSets.push({ id: set.id, mappings: set.mappings.length, unresolved: unresolved.count });
        await record({
          action: 'mapping.imported',
          targetType: 'mapping_set',
          targetId: set.id,
          details: { source: set.source.framework, target: set.target.framework, mappings: set.mappings.length },
        });
      }
      return { format: read.format, framework, mappingSets, warnings: [...(read.warnings ?? []), ...linkWarnings] };
    });
  };
}

/**
 * Counts the links of a mapping set whose source or target names no
 * requirement of its framework (the framework in the same file, else the
 * stored or shipped one), and words a warning naming a few of them.
 */
async function unresolvedLinks(
  deps: Pick<AssessmentDeps, 'shipped'>,
  store: AssessmentStore,
  orgId: string,
  set: MappingSet,
  inFile: Catalog | null,
): Promise<{ count: number | null; warning: string | null }> {
  const idsOf = async (ref: MappingSet['source']): Promise<Set<string> | null> => {
    let catalog: Catalog | null = inFile?.id === ref.framework ? inFile : null;
    if (!catalog) {
      const stored = await store.frameworks(orgId).find(ref.framework, ref.version ?? undefined);
      catalog = stored ? await store.frameworks(orgId).load(stored.id) : await deps.shipped.load(ref.framework);
    }
    return catalog ? new Set([...walkRequirements(catalog.requirements)].map((w) => w.requirement.id)) : null;
  };
  const [sources, targets] = [await idsOf(set.source), await idsOf(set.target)];
  const names = new Set<string>();
  let count = 0;
  for (const m of set.mappings) {
    const badSource = sources !== null && !sources.has(m.source);
    const badTarget = targets !== null && !targets.has(m.target);
    if (badSource) names.add(`${set.source.framework} ${m.source}`);
    if (badTarget) names.add(`${set.target.framework} ${m.target}`);
    if (badSource || badTarget) count++;
  }
  const unknown = [sources ? null : set.source.framework, targets ? null : set.target.framework].filter(Boolean);
  const distinct = [...names];
  const parts = [
    count > 0
      ? `${count} of ${set.mappings.length} links found no requirement: ${distinct.slice(0, 5).join(', ')}${distinct.length > 5 ? `, and ${distinct.length - 5} more` : ''}`
      : null,
    unknown.length > 0 ? `framework ${unknown.join(' and ')} not found, its links were not checked` : null,
  ].filter(Boolean);
  return {
    count: sources && targets ? count : null,
    warning: parts.length > 0 ? `mapping set ${set.id}: ${parts.join('; ')}` : null,
  };
}
