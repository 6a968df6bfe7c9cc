import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import type { WhoAmIDto } from '../../application/dto.js';
import { askNewPassword, readPassword } from './passwords.js';

export function registerAuthCommands(program: Command, ctx: CommandContext): void {
  examples(
    program
      .command('init')
      .description('create the database, the first organisation and its owner, and log the owner in')
      .option('--org <name>', 'name of the first organisation')
      .option('--email <email>', "owner's email")
      .option('--name <name>', "owner's display name")
      .option('--password-stdin', "read the owner's password from stdin")
      .action(async (opts: { org?: string; email?: string; name?: string; passwordStdin?: boolean }) => {
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
      }),
    [
      'renfe init --org "Acme Consulting" --email ana@acme.test --password-stdin < password.txt',
      'renfe --db postgres://renfe@db.acme.test/renfe init --org Acme --email ana@acme.test --password-stdin',
    ],
  );

  examples(
    program
      .command('login')
      .description('log in with email and password (sessions expire; see `renfe config`)')
      .option('--email <email>', 'your email')
      .option('--password-stdin', 'read the password from stdin')
      .action(async (opts: { email?: string; passwordStdin?: boolean }) => {
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
        ctx.data(
          { user: result.user, expiresAt: result.session.expiresAt, organizations: result.organizations },
          () => '',
        );
        ctx.done(`Logged in as ${result.user.email} until ${result.session.expiresAt}.`);
      }),
    ['printf "%s\\n" "$RENFE_PASSWORD" | renfe login --email ana@acme.test --password-stdin', 'renfe login'],
  );

  examples(
    program
      .command('logout')
      .description('end the session stored for this database')
      .action(async () => {
        const runtime = await ctx.runtime();
        const stored = runtime.profile.sessions[runtime.location];
        if (!stored) {
          ctx.say('Not logged in.');
          return;
        }
        const app = await ctx.app();
        await app.auth.logout(stored.token);
        runtime.config.clearSession(runtime.profileName, runtime.location);
        ctx.done(`Logged out ${stored.email}.`);
      }),
    ['renfe logout'],
  );

  examples(
    program
      .command('whoami')
      .description('show who you are acting as, in which organisation, with which role')
      .action(async () => {
        const { principal } = await ctx.principal();
        const { whoAmIDto } = await import('../../application/dto.js');
        const { fields } = await import('../../../../cli/table.js');
        const runtime = await ctx.runtime();
        const dto: WhoAmIDto & { database: string } = { ...whoAmIDto(principal), database: runtime.location };
        ctx.data(dto, () =>
          fields([
            [dto.actor.type === 'user' ? 'user' : 'token', dto.actor.label],
            [
              'organisation',
              dto.organization ? `${dto.organization.name} (${dto.organization.slug})` : 'none selected',
            ],
            ['role', dto.role],
            ['database', dto.database],
          ]),
        );
      }),
    ['renfe whoami', 'renfe whoami --json'],
  );
}
