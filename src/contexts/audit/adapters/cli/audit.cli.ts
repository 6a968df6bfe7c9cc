import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';

export function registerAuditCommands(program: Command, ctx: CommandContext): void {
  const audit = program.command('audit').description("the organisation's tamper-evident audit trail");

  examples(
    audit
      .command('list')
      .description('list audit entries, newest first')
      .option('--limit <n>', 'how many entries', '50')
      .option('--action <action>', 'only this action, e.g. auth.login_failed')
      .action(async (opts: { limit: string; action?: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) {
          throw new AppError(
            'invalid-input',
            'INPUT.INVALID',
            `--limit must be a positive whole number, got "${opts.limit}"`,
          );
        }
        const { app, principal } = await ctx.principal();
        const events = await app.audit.list(principal, { limit, action: opts.action });
        const { table } = await import('../../../../cli/table.js');
        ctx.data(events, () =>
          table(
            ['#', 'AT', 'ACTOR', 'ACTION', 'TARGET', 'DETAILS'],
            events.map((e) => [e.seq, e.at, e.actor.label, e.action, e.target.type, JSON.stringify(e.details)]),
          ),
        );
      }),
    ['renfe audit list --limit 20', 'renfe audit list --action auth.login_failed --json'],
  );

  examples(
    audit
      .command('verify')
      .description('recompute the hash chain; exits 5 naming the first bad entry if any was edited or removed')
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const verdict = await app.audit.verify(principal);
        if (!verdict.ok) {
          if (ctx.globals.json) ctx.data(verdict, () => '');
          throw new AppError(
            'conflict',
            'AUDIT.TAMPERED',
            `audit trail of ${verdict.organization} is broken at entry ${verdict.seq}: ${verdict.problem}`,
          );
        }
        ctx.data(verdict, () => `ok: ${verdict.count} entries verified`);
      }),
    ['renfe audit verify'],
  );
}
