import { defineVerb } from '../../../../../module.js';
import { askNewPassword, readPassword } from '../passwords.js';

export interface InitOptions {
  readonly org?: string;
  readonly email?: string;
  readonly name?: string;
  readonly passwordStdin?: boolean;
}

export default defineVerb<InitOptions>({
  flags: (c) =>
    c
      .option('--org <name>', 'name of the first organisation')
      .option('--email <email>', "owner's email")
      .option('--name <name>', "owner's display name")
      .option('--password-stdin', "read the owner's password from stdin"),
  examples: [
    'renfe init --org "Acme Consulting" --email ana@acme.test --password-stdin < password.txt',
    'renfe --db postgres://renfe@db.acme.test/renfe init --org Acme --email ana@acme.test --password-stdin',
  ],
  async run(opts, ctx) {
    const orgName = await ctx.need(opts.org ?? ctx.globals.org, '--org <name>', (p) => p.text('Organisation name'));
    const email = await ctx.need(opts.email, '--email <email>', (p) => p.text('Your email'));
    const password = await readPassword(ctx, opts.passwordStdin, askNewPassword);
    const runtime = await ctx.runtime();
    const app = await ctx.app('migrate');
    const result = await app.auth.init({ orgName, email, password, ...(opts.name ? { name: opts.name } : {}) });
    runtime.config.saveSession(runtime.profileName, runtime.location, {
      token: result.session.token,
      email: result.user.email,
      expiresAt: result.session.expiresAt,
    });
    runtime.config.setSetting(runtime.profileName, 'org', result.organization.slug);
    ctx.data(
      { database: runtime.location, organization: result.organization, user: result.user },
      () => result.organization.slug,
    );
    ctx.done(
      `Created ${runtime.location}, organisation ${result.organization.name} (${result.organization.slug}) and its owner ${result.user.email}; you are logged in.`,
    );
  },
});
