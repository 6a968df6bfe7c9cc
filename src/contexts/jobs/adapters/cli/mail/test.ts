import { defineVerb } from '../../../../../module.js';
import { mailSettings } from './settings.js';

export interface TestOptions {
  readonly to: string;
  readonly lang: string;
  readonly dryRun?: string;
}

export default defineVerb<TestOptions>({
  flags: (c) =>
    c
      .requiredOption('--to <address>', 'where to send the test message')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--dry-run <dir>', 'write the message as an .eml file in this folder instead of sending it'),
  examples: ['renfe mail test --to ana@acme.test', 'renfe mail test --to ana@acme.test --lang es --dry-run outbox/'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const settings = await mailSettings(ctx);
    const { withSpinner } = await import('../../../../../cli/progress.js');
    const result = await withSpinner(
      ctx,
      opts.dryRun ? 'Writing the message' : `Sending to ${settings.host ?? '?'}`,
      () => app.jobs.sendTestMail(principal, { to: opts.to, language: opts.lang, settings, dryRunDir: opts.dryRun }),
    );
    ctx.data(result, () => result.response);
    ctx.done(
      opts.dryRun
        ? `Wrote the test message (${result.response}).`
        : `The relay accepted the test message to ${opts.to}.`,
    );
  },
});
