import type { Principal } from '../../../kernel/principal.js';
import {
  checkPolicy,
  DEFAULT_POLICY,
  POLICY_BOUNDS,
  POLICY_KEYS,
  type SecurityPolicy,
} from '../domain/security-policy.js';
import { AUTH_ERRORS } from '../errors.js';
import type { AuthDeps } from './ports.js';
import { allow } from './use-case.js';

export interface OrgPolicyDto extends SecurityPolicy {
  organization: string;
  /** False while the organisation runs on the default policy. */
  stored: boolean;
  bounds: typeof POLICY_BOUNDS;
}

export type OrgPolicyInput = { readonly [K in keyof SecurityPolicy]?: number | undefined };

/** The current organisation's login policy (lockout and session length). */
export function showOrgPolicy(deps: AuthDeps) {
  return async (principal: Principal): Promise<OrgPolicyDto> => {
    const { orgId } = allow(principal, 'org.read');
    const stored = (await deps.uow.read.organizations.policies([orgId])).get(orgId);
    return dto(principal, stored ?? DEFAULT_POLICY, stored !== undefined);
  };
}

/**
 * Changes some values of the current organisation's login policy (owners
 * and admins), within the bounds; audited with the values before and after.
 */
export function setOrgPolicy(deps: AuthDeps) {
  return async (principal: Principal, input: OrgPolicyInput): Promise<OrgPolicyDto> => {
    const access = allow(principal, 'org.update');
    const given = POLICY_KEYS.filter((k) => input[k] !== undefined);
    if (given.length === 0) throw AUTH_ERRORS.policyEmpty();
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ auth, record }) => {
      const before = (await auth.organizations.policies([access.orgId])).get(access.orgId) ?? DEFAULT_POLICY;
      const after = checkPolicy({ ...before, ...Object.fromEntries(given.map((k) => [k, input[k]])) });
      await auth.organizations.setPolicy(access.orgId, after, now, access.actor.id);
      await record({
        action: 'org.policy_changed',
        targetType: 'organization',
        targetId: access.orgId,
        details: { before, after },
      });
      return dto(principal, after, true);
    });
  };
}

function dto(principal: Principal, policy: SecurityPolicy, stored: boolean): OrgPolicyDto {
  return {
    organization: principal.org?.slug ?? '',
    maxFailures: policy.maxFailures,
    windowMinutes: policy.windowMinutes,
    lockMinutes: policy.lockMinutes,
    sessionHours: policy.sessionHours,
    stored,
    bounds: POLICY_BOUNDS,
  };
}
