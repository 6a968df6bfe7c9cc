import { defineVerb } from '../../../../../../module.js';
import { title } from '../view.js';

export interface ListOptions {
  readonly limit?: string;
  readonly lang: string;
}

export default defineVerb<ListOptions>({
  flags: (c) => c.option('--lang <lang>', 'language of titles (en, es)', 'en'),
  output: {
    fields: [
      'id',
      'course',
      'version',
      'title',
      'languages',
      'minutes',
      'modules',
      'questions',
      'draw',
      'passMark',
      'attempts',
      'requirements',
      'createdAt',
    ],
    list: true,
  },
  examples: ['renfe training course list', 'renfe training course list --json course,version,requirements'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const courses = await app.training.listCourses(principal);
    await ctx.list(
      courses,
      [
        { header: 'COURSE', value: (c) => `${c.course}@${c.version}` },
        { header: 'MINUTES', value: (c) => c.minutes },
        { header: 'MODULES', value: (c) => c.modules },
        {
          header: 'QUIZ',
          value: (c) => `${c.draw}/${c.questions}`,
          human: (c) => `${c.draw} of ${c.questions}, pass ${c.passMark}%`,
        },
        { header: 'TITLE', value: (c) => title(c.title, opts.lang) },
      ],
      { limit: opts.limit },
    );
  },
});
