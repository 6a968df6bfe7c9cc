import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import type { Catalog, LocalizedText } from '../domain/catalog.js';
import { locateFramework } from './framework-resolver.js';
import type { AssessmentDeps } from './ports.js';

export interface FrameworkListItem {
  id: string;
  version: string;
  /** The revision of the file an imported version came from, if any. */
  revision: string | null;
  name: LocalizedText;
  publisher: string | null;
  origin: string;
  scope: 'shared' | 'organisation';
  installed: boolean;
  requirements: number | null;
  questions: number | null;
}

/** Shipped catalogs and every stored version the organisation can see. */
export function listFrameworks(deps: AssessmentDeps) {
  return async (principal: Principal): Promise<FrameworkListItem[]> => {
    const { orgId } = allow(principal, 'framework.read');
    const stored = await deps.uow.read.frameworks(orgId).list();
    const items: FrameworkListItem[] = stored.map((f) => ({
      id: f.key,
      version: f.version,
      revision: f.revision,
      name: f.name,
      publisher: f.publisher,
      origin: f.origin,
      scope: f.shared ? 'shared' : 'organisation',
      installed: true,
      requirements: f.requirementCount,
      questions: f.questionCount,
    }));
    for (const s of await deps.shipped.list()) {
      if (!items.some((i) => i.id === s.key && i.version === s.version)) {
        items.push({
          id: s.key,
          version: s.version,
          revision: null,
          name: s.name,
          publisher: s.publisher,
          origin: 'shipped',
          scope: 'shared',
          installed: false,
          requirements: null,
          questions: null,
        });
      }
    }
    return items.sort((a, b) => a.id.localeCompare(b.id) || a.version.localeCompare(b.version));
  };
}

/**
 * A framework's whole catalog, as `locateFramework` reads the reference: a
 * plain id is the organisation's default version, else the shipped catalog,
 * never an import that happens to share the id.
 */
export function showFramework(deps: AssessmentDeps) {
  return async (principal: Principal, ref: string): Promise<Catalog> => {
    const { orgId } = allow(principal, 'framework.read');
    const frameworks = deps.uow.read.frameworks(orgId);
    const located = await locateFramework(frameworks, deps.shipped, ref);
    return located.stored ? frameworks.load(located.stored.id) : located.shipped;
  };
}
