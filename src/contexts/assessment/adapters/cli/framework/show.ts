import { defineVerb } from '../../../../../module.js';
import type { Requirement } from '../../../domain/catalog.js';

export interface ShowOptions {
  readonly id: string;
  readonly lang: string;
  readonly questions: boolean;
}

export default defineVerb<ShowOptions>({
  flags: (c) => c.option('--lang <lang>', 'language (en, es)', 'en').option('--no-questions', 'requirements only'),
  output: {
    fields: [
      'id',
      'version',
      'revision',
      'name',
      'publisher',
      'source',
      'languages',
      'licenseNote',
      'description',
      'levels',
      'dimensions',
      'requirements',
    ],
  },
  examples: [
    'renfe framework show nist-csf-2.0',
    'renfe framework show ens-2022 --lang es --no-questions',
    'renfe framework show iso27001-2022 --json',
    'renfe framework show iso27001-2022 --json id,version,levels',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const catalog = await app.assessment.showFramework(principal, opts.id);
    const { localize } = await import('../../../domain/catalog.js');
    const t = (x: Parameters<typeof localize>[0]) => localize(x, opts.lang, catalog.languages[0]);
    const lines: string[] = [`${catalog.id} ${catalog.version}  ${t(catalog.name)}`];
    const walk = (nodes: readonly Requirement[], depth: number) => {
      for (const r of nodes) {
        const pad = '  '.repeat(depth + 1);
        lines.push(
          `${pad}${r.id}  ${t(r.title)}${r.withdrawn ? '  (withdrawn)' : ''}${r.applicability ? `  [${r.applicability.join(', ')}]` : ''}`,
        );
        if (opts.questions) for (const q of r.questions) lines.push(`${pad}  - ${q.id} (${q.type}) ${t(q.text)}`);
        walk(r.children, depth + 1);
      }
    };
    walk(catalog.requirements, 0);
    ctx.data(catalog, () => lines.join('\n'));
  },
});
