import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';
import { ROLES } from '../../../../kernel/roles.js';

export function registerTokenCommands(program: Command, ctx: CommandContext): void {
  const token = program.command('token').description('API tokens for CI and scripts (RENFE_TOKEN)');

  examples(
    token
      .command('create')
      .description('create a token for the current organisation; the secret is printed once, on stdout')
      .requiredOption('--name <name>', 'a name to recognise it by')
      .option('--role <role>', `what it may do: ${ROLES.join(', ')}`, 'viewer')
      .option('--expires <days>', 'days until it expires (default: never)')
      .action(async (opts: { name: string; role: string; expires?: string }) => {
        let expiresDays: number | undefined;
        if (opts.expires !== undefined) {
          expiresDays = Number(opts.expires);
          if (!Number.isInteger(expiresDays)) {
            throw new AppError(
              'invalid-input',
              'INPUT.INVALID',
              `--expires must be a whole number of days, got "${opts.expires}"`,
            );
          }
        }
        const { app, principal } = await ctx.principal();
        const created = await app.auth.createToken(principal, {
          name: opts.name,
          role: opts.role as never,
          expiresDays,
        });
        ctx.data(created, () => created.secret);
        ctx.done(`Token ${created.name} (${created.role}) created. Store it now: it cannot be shown again.`);
      }),
    ['renfe token create --name ci-reports --role viewer --expires 90', 'renfe token create --name ci --json'],
  );

  examples(
    token
      .command('list')
      .description("list the organisation's tokens (never their secrets)")
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const tokens = await app.auth.listTokens(principal);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(tokens, () =>
          table(
            ['ID', 'NAME', 'PREFIX', 'ROLE', 'STATE', 'EXPIRES'],
            tokens.map((t) => [t.id, t.name, `${t.prefix}…`, t.role, t.state, t.expiresAt ?? 'never']),
          ),
        );
      }),
    ['renfe token list', 'renfe token list --json'],
  );

  examples(
    token
      .command('revoke <id-or-name>')
      .description('revoke a token at once')
      .action(async (idOrName: string) => {
        const { app, principal } = await ctx.principal();
        const revoked = await app.auth.revokeToken(principal, idOrName);
        ctx.done(`Token ${revoked.name} revoked.`);
        if (ctx.globals.json) ctx.data(revoked, () => '');
      }),
    ['renfe token revoke ci-reports'],
  );
}
