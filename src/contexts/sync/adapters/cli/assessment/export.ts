import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { progressBar } from '../../../../../cli/progress.js';

export interface ExportOptions {
  readonly id: string;
  readonly bundle?: string;
}

export default defineVerb<ExportOptions>({
  flags: (c) => c.option('--bundle <file>', 'the bundle file to write (e.g. hospital.renfe)'),
  examples: [
    'renfe assessment export k3m9x2pq --bundle hospital.renfe',
    'renfe assessment export k3m9x2pq --bundle hospital.renfe --json',
  ],
  async run(opts, ctx) {
    if (!opts.bundle) throw CLI_ERRORS.missingFlag({ flag: '--bundle <file>' });
    const { app, principal } = await ctx.principal();
    const counter = progressBar(ctx, 'writing');
    const result = await app.sync
      .exportBundle(principal, { id: opts.id, file: opts.bundle, progress: counter.update })
      .finally(() => counter.end());
    if (ctx.globals.json) ctx.data(result, () => '');
    else {
      ctx.done(
        `Wrote ${result.file}: assessment ${result.assessment}, ${result.answers} answers, ${result.evidence} evidence, ` +
          `${result.findings} findings tracked, ${result.applicability} applicability decisions, ${result.audit} audit entries; ${result.entries} entries, ${result.bytes} bytes.`,
      );
    }
  },
});
