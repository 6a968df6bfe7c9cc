import { defineVerb } from '../../../../../module.js';

export interface ImportOptions {
  readonly file: string;
  readonly format?: string;
  readonly catalog?: string;
  readonly id?: string;
}

export default defineVerb<ImportOptions>({
  flags: (c) =>
    c
      .option(
        '--format <format>',
        'renfe-yaml, renfe-json, oscal-catalog, oscal-profile, ciso-assistant or csv (default: detected)',
      )
      .option('--catalog <file>', 'the OSCAL catalog an OSCAL profile resolves against')
      .option('--id <id>', 'framework id to use (default: from the file)'),
  examples: [
    'renfe framework import my-bank.yaml',
    'renfe framework import iso27001-2022.yaml    # CISO Assistant: stored as iso27001-2022@2022+r18',
    'renfe framework import NIST_SP-800-53_rev5_catalog.json',
    'renfe framework import moderate-baseline_profile.json --catalog NIST_SP-800-53_rev5_catalog.json',
    'renfe framework import iso27001-2022.yaml --format ciso-assistant',
    'renfe framework import controls.csv --id acme-controls',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const { importMaxBytes } = await import('../import-limit.js');
    const result = await app.assessment.importFramework(principal, {
      path: opts.file,
      format: opts.format,
      catalogPath: opts.catalog,
      id: opts.id,
      maxBytes: await importMaxBytes(ctx),
    });
    const parts = [];
    if (result.framework) {
      parts.push(
        `framework ${result.framework.id} ${result.framework.version} (${result.framework.requirements} requirements, ${result.framework.questions} questions)`,
      );
    }
    for (const m of result.mappingSets) parts.push(`mapping set ${m.id} (${m.mappings} mappings)`);
    for (const w of result.warnings) ctx.warn(w);
    ctx.data(result, () => result.framework?.id ?? result.mappingSets.map((m) => m.id).join('\n'));
    ctx.done(`Imported from ${opts.file} (${result.format}): ${parts.join('; ')}.`);
    if (result.framework && !result.framework.plainId) {
      const f = result.framework;
      ctx.done(
        `${f.id} alone still names the version it named before; use ${f.id}@${f.version}, or make it the default: renfe framework default ${f.id}@${f.version}`,
      );
    }
  },
});
