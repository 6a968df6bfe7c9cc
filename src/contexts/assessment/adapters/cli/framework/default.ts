import { defineVerb } from '../../../../../module.js';

export interface DefaultOptions {
  /** `<id@version>`: the version the plain id is to mean. */
  readonly 'id@version': string;
}

export default defineVerb<DefaultOptions>({
  examples: ['renfe framework default iso27001-2022@2022+r18', 'renfe framework default iso27001-2022@2022'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.assessment.setFrameworkDefault(principal, opts['id@version']);
    ctx.data(result, () => `${result.id}@${result.version}`);
    ctx.done(
      result.shipped
        ? `${result.id} means the shipped ${result.id}@${result.version} again.`
        : `${result.id} now means ${result.id}@${result.version} in this organisation.`,
    );
  },
});
