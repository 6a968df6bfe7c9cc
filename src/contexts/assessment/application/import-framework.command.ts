import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../../auth/index.js';
import { catalogHash } from '../domain/catalog-hash.js';
import { auditActorOf as auditActor } from '../../audit/index.js';
import type { AssessmentDeps } from './ports.js';

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
  mappingSets: { id: string; mappings: number }[];
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
    const { orgId } = authorize(principal, 'framework.import');
    const read = await deps.files.read(input.path, {
      format: input.format,
      catalogPath: input.catalogPath,
      id: input.id,
      maxBytes: input.maxBytes,
    });
    if (!read.catalog && read.mappingSets.length === 0) {
      throw new AppError('invalid-input', 'FRAMEWORK.EMPTY', `${input.path}: no framework and no mapping set found`);
    }
    const now = deps.clock.now();
    return deps.uow.run(async ({ store, audit }) => {
      const chain = audit.chain(orgId);
      const actor = auditActor(principal);
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
          throw new AppError(
            'conflict',
            'FRAMEWORK.VERSION_EXISTS',
            `${input.path}: framework ${c.id} version ${c.version} already exists`,
            'a new version needs a new version number',
          );
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
        await chain.append(actor, {
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
      for (const set of read.mappingSets) {
        if (await store.mappings(orgId).exists(set.id)) {
          throw new AppError('conflict', 'MAPPING.EXISTS', `${input.path}: mapping set ${set.id} already exists`);
        }
        await store.mappings(orgId).save(set, { shared: false, origin: read.format }, now);
        mappingSets.push({ id: set.id, mappings: set.mappings.length });
        await chain.append(actor, {
          action: 'mapping.imported',
          targetType: 'mapping_set',
          targetId: set.id,
          details: { source: set.source.framework, target: set.target.framework, mappings: set.mappings.length },
        });
      }
      return { format: read.format, framework, mappingSets, warnings: [...(read.warnings ?? [])] };
    });
  };
}
