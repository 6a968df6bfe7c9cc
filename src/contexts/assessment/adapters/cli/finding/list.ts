import { defineVerb } from '../../../../../module.js';
import { shorten } from '../../../../../cli/output.js';
import { FINDING_FIELDS } from './view.js';

export interface ListOptions {
  readonly assessment: string;
  readonly lang: string;
  readonly limit?: string;
}

const words = (code: string) => code.replace(/_/g, ' ');

export default defineVerb<ListOptions>({
  flags: (c) =>
    c.requiredOption('--assessment <id>', 'the assessment').option('--lang <lang>', 'language (en, es)', 'en'),
  output: { fields: FINDING_FIELDS, list: true },
  examples: [
    'renfe finding list --assessment k3m9x2pq',
    'renfe finding list --assessment k3m9x2pq --json',
    'renfe finding list --assessment k3m9x2pq --json id,severity,status --limit 10',
    'renfe finding list --assessment k3m9x2pq | cut -f1,7',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const items = await app.assessment.findings(principal, opts.assessment, opts.lang);
    if (items.length === 0 && !ctx.globals.json && ctx.io.stdoutIsTTY) {
      ctx.data(items, () => 'No findings.');
      return;
    }
    await ctx.list(
      items,
      [
        { header: 'ID', value: (f) => f.id },
        { header: 'SEVERITY', value: (f) => f.severity },
        { header: 'RESULT', value: (f) => f.result, human: (f) => words(f.result) },
        { header: 'TITLE', value: (f) => f.title, human: (f) => shorten(f.title, 50) },
        { header: 'OWNER', value: (f) => f.owner },
        { header: 'DUE', value: (f) => f.due },
        { header: 'STATUS', value: (f) => f.status, human: (f) => words(f.status) },
      ],
      { limit: opts.limit },
    );
  },
});
