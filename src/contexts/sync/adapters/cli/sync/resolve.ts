import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';

export interface ResolveOptions {
  readonly conflict: string;
  readonly take?: string;
  readonly value?: string;
}

const TAKES = ['local', 'remote', 'value'] as const;

export default defineVerb<ResolveOptions>({
  flags: (c) =>
    c
      .option('--take <side>', 'local (keep this side), remote (take the other side) or value (a new answer)')
      .option('--value <answer>', 'the answer for --take value, as `assessment answer` takes it'),
  examples: [
    'renfe sync resolve q7hx2mkd --take local',
    'renfe sync resolve q7hx2mkd --take remote',
    'renfe sync resolve q7hx2mkd --take value --value partial',
  ],
  async run(opts, ctx) {
    if (!opts.take) throw CLI_ERRORS.missingFlag({ flag: '--take local|remote|value' });
    const take = TAKES.find((t) => t === opts.take);
    if (!take) throw CLI_ERRORS.usage({ problem: `--take must be local, remote or value, got "${opts.take}"` });
    const { app, principal } = await ctx.principal();
    const result = await app.sync.resolve(principal, { id: opts.conflict, take, value: opts.value });
    ctx.data(result, () => '');
    const next =
      result.next === 'push'
        ? 'the next push sends it'
        : result.next === 'pull'
          ? 'the next pull brings the file'
          : 'both sides now agree';
    ctx.done(
      `Resolved ${result.id} (${result.record}) with the ${take === 'value' ? 'new value' : `${take} side`}: ${next}.`,
    );
  },
});
