import { defineVerb } from '../../../../../module.js';
import { readPassword } from '../passwords.js';

export interface LoginOptions {
  readonly email?: string;
  readonly passwordStdin?: boolean;
}

export default defineVerb<LoginOptions>({
  flags: (c) => c.option('--email <email>', 'your email').option('--password-stdin', 'read the password from stdin'),
  examples: ['printf "%s\\n" "$RENFE_PASSWORD" | renfe login --email ana@acme.test --password-stdin', 'renfe login'],
  async run(opts, ctx) {
    const email = await ctx.need(opts.email, '--email <email>', (p) => p.text('Email'));
    const password = await readPassword(ctx, opts.passwordStdin, (p) => p.password('Password'));
    const runtime = await ctx.runtime();
    const app = await ctx.app();
    const result = await app.auth.login({ email, password });
    runtime.config.saveSession(runtime.profileName, runtime.location, {
      token: result.session.token,
      email: result.user.email,
      expiresAt: result.session.expiresAt,
    });
    const only = result.organizations.length === 1 ? result.organizations[0] : undefined;
    if (only && !runtime.profile.settings.org) runtime.config.setSetting(runtime.profileName, 'org', only.slug);
    ctx.data({ user: result.user, expiresAt: result.session.expiresAt, organizations: result.organizations }, () => '');
    ctx.done(`Logged in as ${result.user.email} until ${result.session.expiresAt}.`);
  },
});
