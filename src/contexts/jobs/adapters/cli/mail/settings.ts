import type { CommandContext } from '../../../../../cli/context.js';
import type { MailSettings } from '../../../application/ports.js';

/** The SMTP relay of the profile (smtp.*); RENFE_SMTP_PASSWORD wins over a stored password. */
export async function mailSettings(ctx: CommandContext): Promise<MailSettings> {
  const s = (await ctx.runtime()).profile.settings;
  const text = (key: string) => (s[key] === undefined || s[key] === '' ? undefined : String(s[key]));
  const port = s['smtp.port'];
  const secure = s['smtp.secure'];
  return {
    host: text('smtp.host'),
    port: port === undefined ? undefined : Number(port),
    user: text('smtp.user'),
    password: ctx.env.RENFE_SMTP_PASSWORD || text('smtp.password'),
    from: text('smtp.from'),
    secure: secure === undefined ? undefined : String(secure) === 'true' || String(secure) === '1',
  };
}
