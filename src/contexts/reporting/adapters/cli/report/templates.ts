import { defineVerb } from '../../../../../module.js';

export interface TemplatesOptions {
  readonly limit?: string;
}

export default defineVerb<TemplatesOptions>({
  output: { fields: ['id', 'name', 'description', 'sections', 'source'], list: true },
  examples: [
    'renfe report templates',
    'renfe report templates --json',
    'renfe report templates --json id,name',
    'renfe report templates | cut -f1',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const templates = await app.reporting.templates(principal);
    await ctx.list(
      templates,
      [
        { header: 'TEMPLATE', value: (t) => t.id },
        { header: 'NAME', value: (t) => t.name.en ?? t.id },
        { header: 'SECTIONS', value: (t) => t.sections.join(', ') },
      ],
      { limit: opts.limit },
    );
  },
});
