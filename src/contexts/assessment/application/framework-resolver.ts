import type { AuditEntry } from '../../audit/index.js';
import type { Catalog } from '../domain/catalog.js';
import { catalogHash } from '../domain/catalog-hash.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type {
  AssessmentDeps,
  AssessmentStore,
  FrameworkRepository,
  FrameworkSummary,
  ShippedCatalogs,
} from './ports.js';

export { mappingSetsFor, versionCovers } from '../domain/mapping-graph.js';

/** `nist-csf-2.0` or `nist-csf-2.0@2.0`. */
export function parseFrameworkRef(ref: string): { key: string; version?: string } {
  const at = ref.lastIndexOf('@');
  return at > 0 ? { key: ref.slice(0, at), version: ref.slice(at + 1) } : { key: ref };
}

/** A framework a reference names: a stored version, or the shipped catalog not stored yet. */
export type LocatedFramework =
  | { readonly stored: FrameworkSummary; readonly shipped?: undefined }
  | { readonly stored?: undefined; readonly shipped: Catalog };

/**
 * What a framework reference means for one organisation. Imports never take
 * over an id:
 * - `id@version`: that version; when it is both shipped (or stored shared)
 *   and imported by the organisation, the shared one.
 * - `id`: the version the organisation marked with `framework default`; else
 *   the shipped catalog of that id; else the only version stored. Several
 *   stored versions and no default is an error that lists them.
 */
export async function locateFramework(
  frameworks: FrameworkRepository,
  shipped: ShippedCatalogs,
  ref: string,
): Promise<LocatedFramework> {
  const { key, version } = parseFrameworkRef(ref);
  const rows = await frameworks.versions(key);
  const shippedHead = (await shipped.list()).find((s) => s.key === key);
  const loadShipped = async (): Promise<Catalog | null> => (shippedHead ? shipped.load(key) : null);
  const newest = (list: FrameworkSummary[]) => list[list.length - 1];
  if (version !== undefined) {
    const same = rows.filter((r) => r.version === version);
    const shared = newest(same.filter((r) => r.shared));
    if (shared) return { stored: shared };
    if (shippedHead?.version === version) {
      const catalog = await loadShipped();
      if (catalog && catalog.version === version) return { shipped: catalog };
    }
    const own = newest(same);
    if (own) return { stored: own };
    throw notFound(ref, [...new Set([...rows.map((r) => r.version), ...(shippedHead ? [shippedHead.version] : [])])]);
  }
  const chosen = await frameworks.defaultFor(key);
  if (chosen) return { stored: chosen };
  if (shippedHead) {
    const stored = newest(rows.filter((r) => r.shared && r.version === shippedHead.version));
    if (stored) return { stored };
    const catalog = await loadShipped();
    if (catalog) return { shipped: catalog };
  }
  const versions = [...new Set(rows.map((r) => r.version))];
  if (versions.length === 0) throw notFound(ref, []);
  if (versions.length > 1) {
    throw ASSESSMENT_ERRORS.frameworkAmbiguous({
      key,
      count: versions.length,
      versions: versions.join(', '),
      newest: versions[versions.length - 1] as string,
    });
  }
  return { stored: newest(rows) as FrameworkSummary };
}

function notFound(ref: string, versions: readonly string[]) {
  return ASSESSMENT_ERRORS.frameworkNotFound({
    problem: `no framework ${ref}${versions.length > 0 ? ` (versions: ${versions.join(', ')})` : ''}`,
  });
}

/**
 * A stored framework version visible to the organisation; a shipped catalog is
 * stored (shared) the first time an assessment needs it.
 */
export async function resolveFramework(
  deps: Pick<AssessmentDeps, 'shipped' | 'clock'>,
  tx: { store: AssessmentStore; record(entry: AuditEntry): Promise<void> },
  orgId: string,
  ref: string,
): Promise<FrameworkSummary> {
  const frameworks = tx.store.frameworks(orgId);
  const located = await locateFramework(frameworks, deps.shipped, ref);
  if (located.stored) return located.stored;
  const shipped = located.shipped;
  const saved = await frameworks.save(
    shipped,
    { shared: true, origin: 'shipped', contentHash: catalogHash(shipped) },
    deps.clock.now(),
  );
  await tx.record({
    action: 'framework.installed',
    targetType: 'framework',
    targetId: saved.id,
    details: { framework: shipped.id, version: shipped.version },
  });
  return saved;
}
