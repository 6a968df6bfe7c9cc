import * as z from 'zod';
import { parseInput } from '../../../kernel/validate.js';
import type { AuditActor, AuditEntry } from '../../audit/index.js';
import { MAX_PASSWORD_LENGTH, normalizeEmail } from '../domain/credentials.js';
import { CLEARED_COUNTERS, isLocked, registerFailure } from '../domain/lockout.js';
import { AUTH_ERRORS } from '../errors.js';
import { type OrganizationDto, organizationDto } from './dto.js';
import { accountPolicy, openSession } from './open-session.js';
import type { AuthDeps, AuthTransaction, User } from './ports.js';

// The cap applies before any lookup or hashing, as when a password is set.
const Input = z.object({
  email: z.string().min(1, 'email is empty').max(320, 'email longer than 320 characters'),
  password: z.string(),
});

export interface LoginResult {
  user: { id: string; email: string };
  organizations: OrganizationDto[];
  session: { token: string; expiresAt: string };
}

/**
 * The one answer to every failed login: unknown email, wrong password, no
 * password set, or a locked account. Each of those paths also runs one
 * password hash, so neither the message nor the time tells whether an email
 * has an account (the lock shows in the organisation's audit trail).
 */
const BAD_CREDENTIALS = () =>
  AUTH_ERRORS.badCredentials(
    { problem: 'invalid email or password, or the account is locked after repeated failed logins' },
    { hint: 'check the email and password; a locked account opens again after a while, or ask an administrator' },
  );

/**
 * Password login with lockout, under the account's policy (its organisations'
 * strictest, `open-session.ts`). Failures are recorded and audited in their
 * own transaction before the error is raised, so they count even though the
 * command fails.
 */
export function login(deps: AuthDeps) {
  return async (raw: z.input<typeof Input>): Promise<LoginResult> => {
    const input = parseInput(Input, raw);
    if (input.password.length > MAX_PASSWORD_LENGTH) throw AUTH_ERRORS.passwordTooLong({ max: MAX_PASSWORD_LENGTH });
    const email = normalizeEmail(input.email);
    const now = deps.clock.now();
    const user = await deps.uow.read.users.byEmail(email);

    if (!user || !user.passwordHash) {
      await deps.hasher.waste(input.password);
      await deps.uow.run(async ({ audit }) => {
        await audit.chain(null).append(
          { type: 'anonymous', id: null, label: email },
          {
            action: 'auth.login_failed',
            targetType: 'user',
            targetId: user?.id ?? null,
            details: { email, reason: user ? 'no password set' : 'unknown email' },
          },
        );
      });
      throw BAD_CREDENTIALS();
    }

    const anonymous: AuditActor = { type: 'anonymous', id: null, label: email };
    if (isLocked(user.counters, now)) {
      // The same hash work as any other attempt: a locked account must not answer faster.
      await deps.hasher.verify(input.password, user.passwordHash);
      await deps.uow.run((tx) =>
        auditToOrgs(tx, user, anonymous, {
          action: 'auth.login_blocked',
          targetType: 'user',
          targetId: user.id,
          details: { email, lockedUntil: user.counters.lockedUntil?.toISOString() },
        }),
      );
      throw BAD_CREDENTIALS();
    }

    if (!(await deps.hasher.verify(input.password, user.passwordHash))) {
      await deps.uow.run(async (tx) => {
        // Re-read inside the transaction: concurrent failures must all count.
        const current = (await tx.auth.users.byId(user.id)) ?? user;
        const policy = await accountPolicy(tx.auth, deps, user.id);
        const { counters, lockedNow } = registerFailure(current.counters, policy, now);
        await tx.auth.users.setCounters(user.id, counters);
        await auditToOrgs(tx, user, anonymous, {
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: user.id,
          details: { email, reason: 'wrong password' },
        });
        if (lockedNow) {
          await auditToOrgs(tx, user, anonymous, {
            action: 'auth.account_locked',
            targetType: 'user',
            targetId: user.id,
            details: { email, until: counters.lockedUntil?.toISOString(), failures: policy.maxFailures },
          });
        }
      });
      throw BAD_CREDENTIALS();
    }

    return deps.uow.run(async (tx) => {
      await tx.auth.users.setCounters(user.id, CLEARED_COUNTERS);
      const actor: AuditActor = { type: 'user', id: user.id, label: email };
      // Logging in accepts the invitations waiting for this account.
      for (const m of await tx.auth.users.memberships(user.id)) {
        if (m.status !== 'invited') continue;
        await tx.auth.forOrg(m.org.id).members.setStatus(user.id, 'active');
        await tx.audit.chain(m.org.id).append(actor, {
          action: 'user.joined',
          targetType: 'user',
          targetId: user.id,
          details: { email, role: m.role },
        });
      }
      const session = await openSession(tx.auth, deps, user.id, now);
      await auditToOrgs(tx, user, actor, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        details: { email },
      });
      const memberships = await tx.auth.users.memberships(user.id);
      return {
        user: { id: user.id, email },
        organizations: memberships.map((m) => organizationDto(m.org, m)),
        session,
      };
    });
  };
}

async function auditToOrgs(tx: AuthTransaction, user: User, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const memberships = await tx.auth.users.memberships(user.id);
  if (memberships.length === 0) {
    await tx.audit.chain(null).append(actor, entry);
    return;
  }
  for (const m of memberships) await tx.audit.chain(m.org.id).append(actor, entry);
}
