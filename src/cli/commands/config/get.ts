import { defineVerb } from '../../../module.js';

export interface GetOptions {
  readonly key: string;
}

export default defineVerb<GetOptions>({
  output: { fields: ['key', 'value'] },
  examples: ['renfe config get database', 'renfe config get lockout.maxFailures --json value'],
  async run(opts, ctx) {
    const { configKey, displayValue } = await import('../../config/config-keys.js');
    const spec = configKey(opts.key);
    const runtime = await ctx.runtime();
    const shown = displayValue(spec, runtime.profile.settings[opts.key]);
    ctx.data({ key: opts.key, value: shown }, () => (shown === null ? '' : String(shown)));
  },
});
