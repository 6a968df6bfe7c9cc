import { defineVerb } from '../../../../../module.js';
import { askNewPassword } from '../passwords.js';

export interface PasswdOptions {
  readonly email?: string;
  readonly passwordStdin?: boolean;
}

export default defineVerb<PasswdOptions>({
  flags: (c) =>
    c.option(
      '--password-stdin',
      'read from stdin: for yourself, the current then the new password (two lines); for another member, the new one',
    ),
  examples: ['renfe user passwd', 'printf "%s\\n" "$NEW" | renfe user passwd luis@acme.test --password-stdin'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const email = opts.email;
    const self = !email || (principal.actor.type === 'user' && principal.actor.email === email.trim().toLowerCase());
    let currentPassword: string | undefined;
    let newPassword: string;
    if (opts.passwordStdin) {
      const lines = await ctx.stdinLines('--password-stdin', self ? 2 : 1);
      [currentPassword, newPassword] = self ? [lines[0], lines[1] as string] : [undefined, lines[0] as string];
    } else {
      if (self) currentPassword = await ctx.need(undefined, '--password-stdin', (p) => p.password('Current password'));
      newPassword = await ctx.need(undefined, '--password-stdin', askNewPassword);
    }
    const result = await app.auth.changePassword(principal, { email, currentPassword, newPassword });
    if (self) {
      const runtime = await ctx.runtime();
      runtime.config.clearSession(runtime.profileName, runtime.location);
      ctx.done('Password changed; every session of yours has ended: log in again.');
    } else {
      ctx.done(`Password of ${result.email} reset; their sessions have ended.`);
    }
  },
});
