import { AppError } from '../../../../kernel/app-error.js';
import type { CommandContext } from '../../../../cli/context.js';
import type { Prompter } from '../../../../cli/prompter.js';

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
  if (first !== again) throw new AppError('invalid-input', 'AUTH.PASSWORD_MISMATCH', 'the two passwords differ');
  return first;
}
