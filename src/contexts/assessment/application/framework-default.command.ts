import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { locateFramework, parseFrameworkRef } from './framework-resolver.js';
import type { AssessmentDeps } from './ports.js';

export interface FrameworkDefaultResult {
  id: string;
  version: string;
  /** True when the version is the shipped one: the plain id is back to its natural meaning. */
  shipped: boolean;
}

/**
 * Marks the version a plain framework id means in the organisation
 * (`framework default iso27001-2022@2022+r18`). Naming the shipped version
 * removes the mark, so the plain id means the shipped catalog again.
 */
export function setFrameworkDefault(deps: AssessmentDeps) {
  return async (principal: Principal, ref: string): Promise<FrameworkDefaultResult> => {
    const access = allow(principal, 'framework.import');
    const { orgId } = access;
    const { key, version } = parseFrameworkRef(ref);
    if (version === undefined) {
      throw ASSESSMENT_ERRORS.frameworkDefaultVersion({ key });
    }
    return access.change(deps.uow, async ({ store, record }) => {
      const frameworks = store.frameworks(orgId);
      const located = await locateFramework(frameworks, deps.shipped, ref);
      const shippedHead = (await deps.shipped.list()).find((s) => s.key === key);
      const isShipped = located.shipped !== undefined || (located.stored.shared && shippedHead?.version === version);
      const target = located.stored && !isShipped ? located.stored.id : null;
      await frameworks.setDefault(key, target, principal.actor.id, deps.clock.now());
      await record({
        action: 'framework.default_set',
        targetType: 'framework',
        targetId: located.stored?.id ?? key,
        details: { framework: key, version },
      });
      return { id: key, version, shipped: isShipped };
    });
  };
}
