/** Membership roles, most powerful first. */
export const ROLES = ['owner', 'admin', 'consultant', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `a` grants at least what `b` grants. */
export function roleAtLeast(a: Role, b: Role): boolean {
  return ROLES.indexOf(a) <= ROLES.indexOf(b);
}
