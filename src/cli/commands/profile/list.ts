import { defineVerb } from '../../../module.js';

export interface ListOptions {
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  output: { fields: ['name', 'current', 'database', 'org'], list: true },
  examples: ['renfe profile list', 'renfe profile list --json name,database', 'renfe profile list | cut -f2'],
  async run(opts, ctx) {
    const { configKey, displayValue } = await import('../../config/config-keys.js');
    const runtime = await ctx.runtime();
    const current = runtime.config.currentProfileName;
    const profiles = runtime.config.profileNames().map((name) => {
      const p = runtime.config.profile(name);
      return {
        name,
        current: name === current,
        database: displayValue(configKey('database'), p.settings.database),
        org: (p.settings.org as string | undefined) ?? null,
      };
    });
    await ctx.list(
      profiles,
      [
        { header: '', value: (p) => (p.current ? '*' : '') },
        { header: 'NAME', value: (p) => p.name },
        { header: 'DATABASE', value: (p) => p.database, human: (p) => p.database ?? '(default)' },
        { header: 'ORG', value: (p) => p.org },
      ],
      { limit: opts.limit },
    );
  },
});
