import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';
import { auditActorOf as auditActor } from '../../audit/index.js';
import { authorize } from '../../auth/index.js';
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
    const { orgId } = authorize(principal, 'framework.import');
    const { key, version } = parseFrameworkRef(ref);
    if (version === undefined) {
      throw new AppError(
        'invalid-input',
        'FRAMEWORK.DEFAULT_VERSION',
        `framework default needs a version: ${key}@<version>`,
        `run \`renfe framework list\` to see the versions of ${key}`,
      );
    }
    return deps.uow.run(async ({ store, audit }) => {
      const frameworks = store.frameworks(orgId);
      const located = await locateFramework(frameworks, deps.shipped, ref);
      const shippedHead = (await deps.shipped.list()).find((s) => s.key === key);
      const isShipped = located.shipped !== undefined || (located.stored.shared && shippedHead?.version === version);
      const target = located.stored && !isShipped ? located.stored.id : null;
      await frameworks.setDefault(key, target, principal.actor.id, deps.clock.now());
      await audit.chain(orgId).append(auditActor(principal), {
        action: 'framework.default_set',
        targetType: 'framework',
        targetId: located.stored?.id ?? key,
        details: { framework: key, version },
      });
      return { id: key, version, shipped: isShipped };
    });
  };
}
