import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { examples } from './help.js';

export function registerDbCommands(program: Command, ctx: CommandContext): void {
  const db = program.command('db').description('the database: schema migrations and status');

  examples(
    db
      .command('migrate')
      .description('bring the database schema up to date (creates it when empty)')
      .action(async () => {
        const app = await ctx.app('any');
        const applied = await app.db.migrate();
        ctx.data({ database: app.handle.location, applied }, () => applied.join('\n'));
        ctx.done(
          applied.length
            ? `Applied ${applied.length} migration(s) to ${app.handle.location}.`
            : `${app.handle.location} is up to date.`,
        );
      }),
    ['renfe db migrate', 'renfe --db postgres://renfe@db.acme.test/renfe db migrate'],
  );

  examples(
    db
      .command('status')
      .description('show the dialect and which migrations are applied or pending')
      .action(async () => {
        const app = await ctx.app('any');
        const s = app.schema;
        const state = s.unknown.length ? 'newer than this renfe' : s.pending.length ? 'behind' : 'up to date';
        const status = {
          database: app.handle.location,
          dialect: app.handle.capabilities.name,
          state,
          applied: s.applied,
          pending: s.pending,
          unknown: s.unknown,
        };
        const { fields } = await import('./table.js');
        ctx.data(status, () =>
          fields([
            ['database', status.database],
            ['dialect', status.dialect],
            ['schema', state],
            ['applied', s.applied.join(', ') || 'none'],
            ['pending', s.pending.join(', ') || 'none'],
            ...(s.unknown.length ? ([['unknown', s.unknown.join(', ')]] as const) : []),
          ]),
        );
      }),
    ['renfe db status', 'renfe db status --json'],
  );
}
