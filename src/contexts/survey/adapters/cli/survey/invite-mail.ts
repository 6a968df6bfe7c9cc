import type { CommandContext } from '../../../../../cli/context.js';
import type { App } from '../../../../../composition.js';
import type { Principal } from '../../../../../kernel/principal.js';
import { SURVEY_ERRORS } from '../../../errors.js';
import type { InviteOptions } from './invite.js';

/** `survey invite --emails <file> --send`: one mail job per person; prints the jobs, never a token. */
export async function mailInvitations(
  ctx: CommandContext,
  app: App,
  principal: Principal,
  opts: InviteOptions & { readonly lang?: string },
  emails: readonly string[] | undefined,
): Promise<void> {
  if (emails === undefined || opts.out !== undefined) {
    throw SURVEY_ERRORS.badInvitation({
      problem: '--send mails invitations to the people of --emails <file.csv>, and cannot be used with --out',
    });
  }
  const result = await app.survey.inviteByMail(principal, opts.survey, {
    emails,
    expiresDays: Number(opts.expires),
    language: opts.lang,
  });
  await ctx.list(result.invitations, [
    { header: 'EMAIL', value: (i) => i.email },
    { header: 'JOB', value: (i) => i.job },
  ]);
  ctx.done(
    `Queued ${result.invitations.length} invitation mails (${result.language}) to ${result.survey}, valid until ${result.expiresAt.slice(0, 10)}; \`renfe worker\` sends them, each with its own token.`,
  );
}
