import type { CommandContext } from '../../../../cli/context.js';
import type { Prompter } from '../../../../cli/prompter.js';
import { AUTH_ERRORS } from '../../errors.js';

/** A password from --password-stdin, else asked on a terminal, else a usage error. */
export async function readPassword(
  ctx: CommandContext,
  fromStdin: boolean | undefined,
  ask: (p: Prompter) => Promise<string>,
): Promise<string> {
  if (fromStdin) return (await ctx.stdinLines('--password-stdin', 1))[0] as string;
  return ctx.need(undefined, '--password-stdin', ask);
}

export async function askNewPassword(p: Prompter): Promise<string> {
  const first = await p.password('New password (12 characters or more)');
  const again = await p.password('Repeat it');
  if (first !== again) throw AUTH_ERRORS.passwordMismatch();
  return first;
}
