import { describe, expect, it } from 'vitest';
import { checkEmail, checkPasswordStrength } from '../../../src/contexts/auth/domain/credentials.js';
import { CLEARED_COUNTERS, isLocked, registerFailure } from '../../../src/contexts/auth/domain/lockout.js';
import { can as canIn } from '../../../src/contexts/auth/domain/permissions.js';
import { permissionTable } from '../../../src/composition.js';

const PERMISSIONS = permissionTable();
const can = (role: Parameters<typeof canIn>[1], permission: string) => canIn(PERMISSIONS, role, permission);
import { slugify, uniqueSlug } from '../../../src/contexts/auth/domain/slug.js';
import { ROLES, roleAtLeast } from '../../../src/kernel/roles.js';

describe('lockout rule', () => {
  const policy = { maxFailures: 3, windowMinutes: 10, lockMinutes: 5 };
  const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 12, min));

  it('locks on the Nth failure within the window, for lockMinutes', () => {
    let c = CLEARED_COUNTERS;
    let r = registerFailure(c, policy, at(0));
    expect(r.lockedNow).toBe(false);
    r = registerFailure(r.counters, policy, at(4));
    expect(r.lockedNow).toBe(false);
    r = registerFailure(r.counters, policy, at(9));
    expect(r.lockedNow).toBe(true);
    c = r.counters;
    expect(isLocked(c, at(13))).toBe(true);
    expect(isLocked(c, at(14))).toBe(false);
  });

  it('starts a new window when the old one has passed', () => {
    let r = registerFailure(CLEARED_COUNTERS, policy, at(0));
    r = registerFailure(r.counters, policy, at(1));
    r = registerFailure(r.counters, policy, at(11));
    expect(r.lockedNow).toBe(false);
    expect(r.counters.failedCount).toBe(1);
  });
});

describe('slugs', () => {
  it('strip accents and punctuation', () => {
    expect(slugify('  Ñandú  Seguridad, S.L. ')).toBe('nandu-seguridad-s-l');
    expect(slugify('Ελληνικά')).toBe('org');
    expect(uniqueSlug('acme', new Set(['acme', 'acme-2']))).toBe('acme-3');
    expect(uniqueSlug('acme', new Set())).toBe('acme');
  });
});

describe('credentials', () => {
  it('normalise emails and demand 12-character passwords', () => {
    expect(checkEmail(' Ana@Acme.TEST ')).toBe('ana@acme.test');
    expect(() => checkEmail('ana@')).toThrow(/not an email/);
    expect(() => checkPasswordStrength('elevenchars')).toThrow(/at least 12/);
    expect(() => checkPasswordStrength('twelve chars')).not.toThrow();
  });
});

describe('permission table', () => {
  it('gives owners everything, and viewers reads plus report generation (for CI tokens)', () => {
    const viewer = Object.keys(PERMISSIONS).filter((p) => can('viewer', p));
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(can('owner', permission)).toBe(true);
    }
    // Viewers read, and may generate reports (CI tokens export them); they change nothing
    // (and, as every member, take the training assigned to them and read its aggregates).
    expect(viewer.filter((p) => /\.(write|manage|delete|import|reopen|set|run|update)$/.test(p))).toEqual([]);
    expect(viewer).toEqual(
      expect.arrayContaining([
        'assessment.read',
        'framework.read',
        'org.read',
        'report.generate',
        'report.read',
        'user.read',
      ]),
    );
    expect(can('viewer', 'assessment.write')).toBe(false);
    expect(can('consultant', 'assessment.write')).toBe(true);
    expect(can('consultant', 'framework.import')).toBe(false);
    expect(can('admin', 'assessment.reopen')).toBe(true);
    expect(can('consultant', 'assessment.reopen')).toBe(false);
  });

  it('orders roles', () => {
    expect(ROLES).toEqual(['owner', 'admin', 'consultant', 'viewer']);
    expect(roleAtLeast('admin', 'consultant')).toBe(true);
    expect(roleAtLeast('consultant', 'admin')).toBe(false);
  });
});
