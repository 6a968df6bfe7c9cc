import { defineVerb } from '../../../../../module.js';
import { localize } from '../../../domain/survey.js';

export interface ShowOptions {
  readonly survey: string;
  readonly lang: string;
}

export default defineVerb<ShowOptions>({
  flags: (c) => c.option('--lang <lang>', 'language (en, es)', 'en'),
  output: {
    fields: [
      'id',
      'survey',
      'version',
      'status',
      'title',
      'anonymous',
      'threshold',
      'questions',
      'requirements',
      'definition',
      'started',
      'completed',
      'createdAt',
      'publishedAt',
      'closedAt',
    ],
  },
  examples: [
    'renfe survey show security-culture',
    'renfe survey show security-culture@1 --lang es',
    'renfe survey show phishing-awareness --json definition',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const s = await app.survey.show(principal, opts.survey);
    ctx.data(s, () => {
      const lines = [
        `${localize(s.definition.title, opts.lang)} (${s.survey}@${s.version}, ${s.status}${s.anonymous ? ', anonymous' : ', named'}, threshold ${s.threshold})`,
        `responses: ${s.completed} completed, ${s.started - s.completed} in progress`,
      ];
      if (s.requirements.length > 0) lines.push(`evidence for: ${s.requirements.join(', ')}`);
      for (const section of s.definition.sections) {
        lines.push('', localize(section.title, opts.lang));
        for (const q of s.definition.questions.filter((x) => x.section === section.id)) {
          const flags = [
            q.type.replace('_', ' '),
            q.required ? 'required' : 'optional',
            q.when ? `if ${q.when.question} in ${q.when.in.join('/')}` : '',
          ].filter(Boolean);
          lines.push(`  ${q.id.padEnd(6)} ${localize(q.text, opts.lang)}  [${flags.join(', ')}]`);
        }
      }
      return lines.join('\n');
    });
  },
});
