import { defineVerb } from '../../../module.js';

export interface AddOptions {
  readonly name: string;
  readonly database?: string;
  readonly use?: boolean;
}

export default defineVerb<AddOptions>({
  flags: (c) => c.option('--database <url-or-path>', 'its database').option('--use', 'make it the current profile'),
  examples: ['renfe profile add central --database postgres://renfe@db.acme.test/renfe --use'],
  async run(opts, ctx) {
    const runtime = await ctx.runtime();
    if (opts.database) {
      const { parseDatabaseTarget } = await import('../../../persistence/connect.js');
      parseDatabaseTarget(opts.database);
    }
    runtime.config.addProfile(opts.name, opts.database ? { database: opts.database } : {});
    if (opts.use) runtime.config.useProfile(opts.name);
    ctx.done(`Added profile ${opts.name}${opts.use ? ' and made it current' : ''}.`);
  },
});
