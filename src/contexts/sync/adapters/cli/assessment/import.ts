import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { progressBar } from '../../../../../cli/progress.js';

export interface ImportOptions {
  readonly bundle?: string;
  readonly asCopy?: boolean;
}

export default defineVerb<ImportOptions>({
  flags: (c) =>
    c
      .option('--bundle <file>', 'the bundle file to import')
      .option('--as-copy', 'import under a new id when the assessment is already in this database'),
  examples: [
    'renfe assessment import --bundle hospital.renfe',
    'renfe assessment import --bundle hospital.renfe --as-copy --json',
  ],
  async run(opts, ctx) {
    if (!opts.bundle) throw CLI_ERRORS.missingFlag({ flag: '--bundle <file>' });
    const { app, principal } = await ctx.principal();
    const counter = progressBar(ctx, 'importing');
    const result = await app.sync
      .importBundle(principal, { file: opts.bundle, asCopy: opts.asCopy === true, progress: counter.update })
      .finally(() => counter.end());
    if (ctx.globals.json) ctx.data(result, () => '');
    else {
      const copy = result.copiedFrom ? ` (a copy of ${result.copiedFrom})` : '';
      const installed =
        result.frameworksInstalled.length > 0 ? `; installed ${result.frameworksInstalled.join(', ')}` : '';
      ctx.done(
        `Imported assessment ${result.id}${copy}: ${result.answers} answers, ${result.evidence} evidence, ` +
          `${result.findings} findings tracked, ${result.applicability} applicability decisions, ${result.history} audit entries of its origin${installed}.`,
      );
      ctx.io.stdout.write(`${result.id}\n`);
    }
  },
});
