import { defineVerb } from '../../../module.js';

export type MigrateOptions = Record<string, never>;

export default defineVerb<MigrateOptions>({
  examples: ['renfe db migrate', 'renfe --db postgres://renfe@db.acme.test/renfe db migrate'],
  async run(_opts, ctx) {
    const app = await ctx.app('any');
    const applied = await app.db.migrate();
    ctx.data({ database: app.handle.location, applied }, () => applied.join('\n'));
    ctx.done(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${app.handle.location}.`
        : `${app.handle.location} is up to date.`,
    );
  },
});
