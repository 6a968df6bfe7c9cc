import { defineVerb } from '../../../../../module.js';

export interface ListOptions {
  readonly lang: string;
  readonly limit?: string;
}

export const FRAMEWORK_FIELDS = [
  'id',
  'version',
  'revision',
  'name',
  'publisher',
  'origin',
  'scope',
  'installed',
  'requirements',
  'questions',
] as const;

export default defineVerb<ListOptions>({
  flags: (c) => c.option('--lang <lang>', 'language of names (en, es)', 'en'),
  output: { fields: FRAMEWORK_FIELDS, list: true },
  examples: [
    'renfe framework list',
    'renfe framework list --json',
    'renfe framework list --json id,version',
    'renfe framework list | cut -f1,2',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const items = await app.assessment.listFrameworks(principal);
    const { localize } = await import('../../../domain/catalog.js');
    await ctx.list(
      items,
      [
        { header: 'ID', value: (f) => f.id },
        { header: 'VERSION', value: (f) => f.version },
        { header: 'NAME', value: (f) => localize(f.name, opts.lang, 'en') },
        { header: 'SCOPE', value: (f) => f.scope },
        { header: 'REQUIREMENTS', value: (f) => f.requirements ?? '' },
        { header: 'QUESTIONS', value: (f) => f.questions ?? '' },
      ],
      { limit: opts.limit },
    );
  },
});
