import { defineVerb } from '../../../../../module.js';

export interface ListOptions {
  readonly limit?: string;
  readonly lang: string;
}

export default defineVerb<ListOptions>({
  flags: (c) => c.option('--lang <lang>', 'language of titles (en, es)', 'en'),
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
      'createdAt',
      'publishedAt',
      'closedAt',
      'started',
      'completed',
    ],
    list: true,
  },
  examples: ['renfe survey list', 'renfe survey list --json survey,version,status,completed'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const surveys = await app.survey.list(principal);
    await ctx.list(
      surveys,
      [
        { header: 'SURVEY', value: (s) => `${s.survey}@${s.version}` },
        { header: 'STATUS', value: (s) => s.status },
        { header: 'ANONYMOUS', value: (s) => (s.anonymous ? 'yes' : 'no') },
        { header: 'QUESTIONS', value: (s) => s.questions },
        { header: 'COMPLETED', value: (s) => s.completed },
        { header: 'TITLE', value: (s) => s.title[opts.lang] ?? s.title.en ?? Object.values(s.title)[0] },
      ],
      { limit: opts.limit },
    );
  },
});
