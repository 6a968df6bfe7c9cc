import { AppError } from '../../../kernel/app-error.js';
import type { Principal } from '../../../kernel/principal.js';

export { auditActorOf as auditActor } from '../../audit/index.js';

/** The acting user; API tokens may not manage identities. */
export function requireUser(principal: Principal): { id: string; email: string } {
  if (principal.actor.type !== 'user') {
    throw new AppError(
      'forbidden',
      'AUTH.USER_REQUIRED',
      'this command needs a logged-in user; an API token cannot run it',
      'run `renfe login`',
    );
  }
  return principal.actor;
}
