import { AppError } from '../../../kernel/app-error.js';
import type { AuditActor } from '../../audit/index.js';
import { catalogHash } from '../domain/catalog-hash.js';
import type { AssessmentDeps, AssessmentStore, FrameworkSummary } from './ports.js';
import type { AuditLog } from '../../audit/index.js';

/** `nist-csf-2.0` or `nist-csf-2.0@2.0`. */
export function parseFrameworkRef(ref: string): { key: string; version?: string } {
  const at = ref.lastIndexOf('@');
  return at > 0 ? { key: ref.slice(0, at), version: ref.slice(at + 1) } : { key: ref };
}

/**
 * A stored framework version visible to the organisation; a shipped catalog is
 * stored (shared) the first time an assessment needs it.
 */
export async function resolveFramework(
  deps: Pick<AssessmentDeps, 'shipped' | 'clock'>,
  tx: { store: AssessmentStore; audit: AuditLog },
  orgId: string,
  actor: AuditActor,
  ref: string,
): Promise<FrameworkSummary> {
  const { key, version } = parseFrameworkRef(ref);
  const frameworks = tx.store.frameworks(orgId);
  const stored = await frameworks.find(key, version);
  if (stored) return stored;
  const shipped = await deps.shipped.load(key);
  if (!shipped || (version !== undefined && shipped.version !== version)) {
    throw new AppError(
      'not-found',
      'FRAMEWORK.NOT_FOUND',
      `no framework ${ref}`,
      'run `renfe framework list` to see the available ones',
    );
  }
  const saved = await frameworks.save(
    shipped,
    { shared: true, origin: 'shipped', contentHash: catalogHash(shipped) },
    deps.clock.now(),
  );
  await tx.audit.chain(orgId).append(actor, {
    action: 'framework.installed',
    targetType: 'framework',
    targetId: saved.id,
    details: { framework: key, version: shipped.version },
  });
  return saved;
}
