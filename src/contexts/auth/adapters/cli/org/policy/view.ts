import type { OrgPolicyDto } from '../../../../application/org-policy.command.js';

export const POLICY_FIELDS = [
  'organization',
  'maxFailures',
  'windowMinutes',
  'lockMinutes',
  'sessionHours',
  'stored',
  'bounds',
] as const;

/** An organisation's login policy as fields for a person. */
export async function policyText(p: OrgPolicyDto): Promise<string> {
  const { fields } = await import('../../../../../../cli/table.js');
  return fields([
    ['organisation', p.organization],
    ['lock after', `${p.maxFailures} failed logins within ${p.windowMinutes} minutes`],
    ['lock lasts', `${p.lockMinutes} minutes`],
    ['session lasts', `${p.sessionHours} hours`],
    ['source', p.stored ? 'set for this organisation' : 'default'],
  ]);
}
