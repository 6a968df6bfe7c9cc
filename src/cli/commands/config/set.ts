import { defineVerb } from '../../../module.js';

export interface SetOptions {
  readonly key: string;
  readonly value?: string;
}

export default defineVerb<SetOptions>({
  examples: [
    'renfe config set database postgres://renfe@db.acme.test/renfe',
    'renfe config set lockout.maxFailures 10',
  ],
  async run(opts, ctx) {
    const { key, value } = opts;
    const { configKey } = await import('../../config/config-keys.js');
    const spec = configKey(key);
    const parsed = value === undefined ? undefined : spec.parse(value);
    if (key === 'database' && typeof parsed === 'string') {
      const { parseDatabaseTarget } = await import('../../../persistence/connect.js');
      parseDatabaseTarget(parsed);
    }
    const runtime = await ctx.runtime();
    runtime.config.setSetting(runtime.profileName, key, parsed);
    ctx.done(
      parsed === undefined
        ? `Removed ${key} from profile ${runtime.profileName}.`
        : `Set ${key} in profile ${runtime.profileName}.`,
    );
  },
});
