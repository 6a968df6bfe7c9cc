import { writeFile } from 'node:fs/promises';
import { csvText } from '../../../../../kernel/csv.js';
import { defineVerb } from '../../../../../module.js';

export interface InviteOptions {
  readonly survey: string;
  readonly emails?: string;
  readonly role?: string;
  readonly count?: string;
  readonly expires: string;
  readonly out?: string;
  readonly send?: boolean;
  readonly mail?: boolean;
  readonly lang?: string;
}

export default defineVerb<InviteOptions>({
  flags: (c) =>
    c
      .option('--emails <file.csv>', 'people to invite: a CSV with an email column (or one address per line)')
      .option('--role <role>', 'invite every active member with this role')
      .option('--count <n>', 'this many anonymous links, without names')
      .option('--expires <days>', 'days the invitations stay valid', '30')
      .option('--out <file.csv>', 'write email,token to a CSV (mail merge) instead of printing the tokens')
      .option('--send', 'mail each person their invitation (queued for `renfe worker`); the tokens are never shown')
      .option('--mail', 'the same as --send')
      .option('--lang <lang>', 'with --send: the language of the messages, en or es (default: the survey language)'),
  description: 'Tokens are shown once (stdout, or --out) and stored only as hashes.',
  examples: [
    'renfe survey invite security-culture --emails people.csv --out invitations.csv',
    'renfe survey invite security-culture --count 40',
    'renfe survey invite phishing-awareness --role consultant',
    'renfe survey invite security-culture --emails people.csv --send --lang es',
  ],
  async run(opts, ctx) {
    let emails: string[] | undefined;
    if (opts.emails !== undefined) {
      const { surveyFiles } = await import('../../files/survey-files.js');
      const table = await surveyFiles.table(opts.emails);
      const rows = [table.header, ...table.rows];
      const column = Math.max(
        0,
        table.header.findIndex((h) => /e-?mail|correo/i.test(h)),
      );
      emails = rows
        .map((r) => (r[column] ?? '').trim())
        .filter((e, i) => e !== '' && !(i === 0 && /e-?mail|correo/i.test(e)));
    }
    const { app, principal } = await ctx.principal();
    if (opts.send || opts.mail) {
      const { mailInvitations } = await import('./invite-mail.js');
      await mailInvitations(ctx, app, principal, opts, emails);
      return;
    }
    const result = await app.survey.invite(principal, opts.survey, {
      emails,
      role: opts.role,
      count: opts.count === undefined ? undefined : Number(opts.count),
      expiresDays: Number(opts.expires),
    });
    if (opts.out) {
      await writeFile(
        opts.out,
        csvText([['email', 'token'], ...result.invitations.map((i) => [i.email ?? '', i.token])]),
        { mode: 0o600 },
      );
      ctx.done(
        `Wrote ${result.invitations.length} invitations to ${opts.out} (valid until ${result.expiresAt.slice(0, 10)}).`,
      );
      return;
    }
    ctx.data(result, () => result.invitations.map((i) => (i.email ? `${i.email}\t${i.token}` : i.token)).join('\n'));
    ctx.done(
      `${result.invitations.length} invitations to ${result.survey}, valid until ${result.expiresAt.slice(0, 10)}; the tokens are not shown again.`,
    );
  },
});
