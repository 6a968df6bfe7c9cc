import { defineVerb } from '../../../module.js';

export type ListOptions = Record<string, never>;

export default defineVerb<ListOptions>({
  output: { fields: ['profile', 'file', 'settings'] },
  examples: ['renfe config list', 'renfe --profile ci config list --json', 'renfe config list --json settings'],
  async run(_opts, ctx) {
    const { CONFIG_KEYS, displayValue } = await import('../../config/config-keys.js');
    const runtime = await ctx.runtime();
    const rows = CONFIG_KEYS.map((k) => ({
      key: k.key,
      value: displayValue(k, runtime.profile.settings[k.key]),
      description: k.description,
    }));
    const { table } = await import('../../table.js');
    ctx.data({ profile: runtime.profileName, file: runtime.config.path, settings: rows }, () =>
      table(
        ['KEY', 'VALUE', 'MEANING'],
        rows.map((r) => [r.key, r.value, r.description]),
      ),
    );
  },
});
