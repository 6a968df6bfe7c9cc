import * as z from 'zod';
import { AppError } from '../../../kernel/app-error.js';
import { parseInput } from '../../../kernel/validate.js';
import type { AuditActor, AuditEntry } from '../../audit/index.js';
import { normalizeEmail } from '../domain/credentials.js';
import { CLEARED_COUNTERS, isLocked, registerFailure } from '../domain/lockout.js';
import { type OrganizationDto, organizationDto } from './dto.js';
import { openSession } from './open-session.js';
import type { AuthDeps, AuthTransaction, User } from './ports.js';

const Input = z.object({ email: z.string().min(1, 'email is empty'), password: z.string() });

export interface LoginResult {
  user: { id: string; email: string };
  organizations: OrganizationDto[];
  session: { token: string; expiresAt: string };
}

const BAD_CREDENTIALS = () => new AppError('unauthenticated', 'AUTH.BAD_CREDENTIALS', 'invalid email or password');

/**
 * Password login with lockout. Failures are recorded and audited in their own
 * transaction before the error is raised, so they count even though the
 * command fails.
 */
export function login(deps: AuthDeps) {
  return async (raw: z.input<typeof Input>): Promise<LoginResult> => {
    const input = parseInput(Input, raw);
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
      await deps.uow.run((tx) =>
        auditToOrgs(tx, user, anonymous, {
          action: 'auth.login_blocked',
          targetType: 'user',
          targetId: user.id,
          details: { email, lockedUntil: user.counters.lockedUntil?.toISOString() },
        }),
      );
      throw lockedError(user.counters.lockedUntil as Date);
    }

    if (!(await deps.hasher.verify(input.password, user.passwordHash))) {
      const locked = await deps.uow.run(async (tx) => {
        // Re-read inside the transaction: concurrent failures must all count.
        const current = (await tx.auth.users.byId(user.id)) ?? user;
        const { counters, lockedNow } = registerFailure(current.counters, deps.settings.lockout, now);
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
            details: { email, until: counters.lockedUntil?.toISOString(), failures: deps.settings.lockout.maxFailures },
          });
        }
        return lockedNow ? counters.lockedUntil : null;
      });
      if (locked) throw lockedError(locked);
      throw BAD_CREDENTIALS();
    }

    return deps.uow.run(async (tx) => {
      await tx.auth.users.setCounters(user.id, CLEARED_COUNTERS);
      const session = await openSession(tx.auth, deps, user.id, now);
      const actor: AuditActor = { type: 'user', id: user.id, label: email };
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

function lockedError(until: Date): AppError {
  return new AppError(
    'unauthenticated',
    'AUTH.LOCKED',
    `account locked after repeated failed logins until ${until.toISOString()}`,
    'wait for the lock to expire, or ask an administrator',
  );
}
