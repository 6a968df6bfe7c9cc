import { defineVerb } from '../../../../../module.js';

export interface ListOptions {
  readonly assessment?: string;
  readonly limit?: string;
}

export default defineVerb<ListOptions>({
  flags: (c) => c.option('--assessment <id>', 'only reports of this assessment'),
  output: {
    fields: [
      'id',
      'assessment',
      'template',
      'format',
      'language',
      'file',
      'fileHash',
      'dataHash',
      'size',
      'narrative',
      'createdBy',
      'createdAt',
    ],
    list: true,
  },
  examples: [
    'renfe report list',
    'renfe report list --assessment k3m9x2pq --json',
    'renfe report list --json id,file,fileHash',
    'renfe report list --limit 5 | cut -f1,6',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const items = await app.reporting.list(principal, opts.assessment);
    await ctx.list(
      items,
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'ASSESSMENT', value: (r) => r.assessment },
        { header: 'TEMPLATE', value: (r) => r.template },
        { header: 'FORMAT', value: (r) => r.format },
        { header: 'FILE', value: (r) => r.file },
        { header: 'SHA-256', value: (r) => r.fileHash, human: (r) => `${r.fileHash.slice(0, 12)}…` },
        { header: 'BY', value: (r) => r.createdBy },
        { header: 'AT', value: (r) => r.createdAt, human: (r) => r.createdAt.slice(0, 16).replace('T', ' ') },
      ],
      { limit: opts.limit },
    );
  },
});
