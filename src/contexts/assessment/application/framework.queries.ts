import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { authorize } from '../../auth/index.js';
import type { Catalog, LocalizedText } from '../domain/catalog.js';
import { parseFrameworkRef } from './framework-resolver.js';
import type { AssessmentDeps } from './ports.js';

export interface FrameworkListItem {
  id: string;
  version: string;
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
    const { orgId } = authorize(principal, 'framework.read');
    const stored = await deps.uow.read.frameworks(orgId).list();
    const items: FrameworkListItem[] = stored.map((f) => ({
      id: f.key,
      version: f.version,
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

/** A framework's whole catalog: the stored version, else the shipped file. */
export function showFramework(deps: AssessmentDeps) {
  return async (principal: Principal, ref: string): Promise<Catalog> => {
    const { orgId } = authorize(principal, 'framework.read');
    const { key, version } = parseFrameworkRef(ref);
    const frameworks = deps.uow.read.frameworks(orgId);
    const stored = await frameworks.find(key, version);
    if (stored) return frameworks.load(stored.id);
    const shipped = await deps.shipped.load(key);
    if (shipped && (version === undefined || shipped.version === version)) return shipped;
    throw new AppError('not-found', 'FRAMEWORK.NOT_FOUND', `no framework ${ref}`, 'run `renfe framework list`');
  };
}
