import type { Principal } from '../../../kernel/principal.js';
import { AUTH_ERRORS } from '../errors.js';

export { auditActorOf as auditActor } from '../../audit/index.js';

/** The acting user; API tokens may not manage identities. */
export function requireUser(principal: Principal): { id: string; email: string } {
  if (principal.actor.type !== 'user') {
    throw AUTH_ERRORS.userRequired();
  }
  return principal.actor;
}
