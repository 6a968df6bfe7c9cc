import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { ROLES } from '../../../../kernel/roles.js';
import type { MemberDto } from '../../application/dto.js';
import { askNewPassword } from './passwords.js';

const ROLE_HELP = `role: ${ROLES.join(', ')}`;

async function memberView(ctx: CommandContext, member: MemberDto): Promise<void> {
  const { fields } = await import('../../../../cli/table.js');
  ctx.data(member, () =>
    fields([
      ['email', member.email],
      ['name', member.name],
      ['role', member.role],
      ['status', member.status],
      ['password set', member.hasPassword ? 'yes' : 'no'],
      ['joined', member.joinedAt],
    ]),
  );
}

export function registerUserCommands(program: Command, ctx: CommandContext): void {
  const user = program.command('user').description('people in the current organisation and their roles');

  examples(
    user
      .command('add')
      .description('add a person to the current organisation (creates their account if new)')
      .requiredOption('--email <email>', 'their email')
      .requiredOption('--role <role>', ROLE_HELP)
      .option('--name <name>', 'display name')
      .option('--password-stdin', 'read an initial password from stdin (new accounts only)')
      .action(async (opts: { email: string; role: string; name?: string; passwordStdin?: boolean }) => {
        const password = opts.passwordStdin ? (await ctx.stdinLines('--password-stdin', 1))[0] : undefined;
        const { app, principal } = await ctx.principal();
        const member = await app.auth.addUser(principal, {
          email: opts.email,
          role: opts.role as never,
          ...(opts.name ? { name: opts.name } : {}),
          ...(password !== undefined ? { password } : {}),
        });
        ctx.data(member, () => member.id);
        ctx.done(
          `Added ${member.email} as ${member.role}${member.created ? '' : ' (existing account)'}${member.hasPassword ? '' : '; set a password with `renfe user passwd ' + member.email + ' --password-stdin`'}.`,
        );
      }),
    [
      'renfe user add --email luis@acme.test --role consultant --name "Luis Pérez"',
      'printf "%s\\n" "$PW" | renfe user add --email ci@acme.test --role viewer --password-stdin',
    ],
  );

  examples(
    user
      .command('list')
      .description('list the members of the current organisation')
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const members = await app.auth.listUsers(principal);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(members, () =>
          table(
            ['EMAIL', 'NAME', 'ROLE', 'STATUS'],
            members.map((m) => [m.email, m.name, m.role, m.status]),
          ),
        );
      }),
    ['renfe user list', 'renfe --org acme user list --json'],
  );

  examples(
    user
      .command('show <email>')
      .description('show one member')
      .action(async (email: string) => {
        const { app, principal } = await ctx.principal();
        await memberView(ctx, await app.auth.showUser(principal, email));
      }),
    ['renfe user show luis@acme.test --json'],
  );

  examples(
    user
      .command('role <email> <role>')
      .description(`change a member's role (${ROLE_HELP})`)
      .action(async (email: string, role: string) => {
        const { app, principal } = await ctx.principal();
        const member = await app.auth.changeRole(principal, { email, role: role as never });
        ctx.done(`${member.email} is now ${member.role}.`);
        if (ctx.globals.json) await memberView(ctx, member);
      }),
    ['renfe user role luis@acme.test admin'],
  );

  for (const [verb, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    examples(
      user
        .command(`${verb} <email>`)
        .description(`${verb} a member's access to the current organisation`)
        .action(async (email: string) => {
          const { app, principal } = await ctx.principal();
          const member = await app.auth.setUserStatus(principal, email, status);
          ctx.done(`${member.email} is ${member.status}.`);
          if (ctx.globals.json) await memberView(ctx, member);
        }),
      [`renfe user ${verb} luis@acme.test`],
    );
  }

  examples(
    user
      .command('passwd [email]')
      .description("change your password, or reset a member's (admins); ends that account's sessions")
      .option(
        '--password-stdin',
        'read from stdin: for yourself, the current then the new password (two lines); for another member, the new one',
      )
      .action(async (email: string | undefined, opts: { passwordStdin?: boolean }) => {
        const { app, principal } = await ctx.principal();
        const self =
          !email || (principal.actor.type === 'user' && principal.actor.email === email.trim().toLowerCase());
        let currentPassword: string | undefined;
        let newPassword: string;
        if (opts.passwordStdin) {
          const lines = await ctx.stdinLines('--password-stdin', self ? 2 : 1);
          [currentPassword, newPassword] = self ? [lines[0], lines[1] as string] : [undefined, lines[0] as string];
        } else {
          if (self)
            currentPassword = await ctx.need(undefined, '--password-stdin', (p) => p.password('Current password'));
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
      }),
    ['renfe user passwd', 'printf "%s\\n" "$NEW" | renfe user passwd luis@acme.test --password-stdin'],
  );
}
