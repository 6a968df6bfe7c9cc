import { defineVerb } from '../../../../../../module.js';
import { title } from '../view.js';

export interface ShowOptions {
  readonly course: string;
  readonly lang: string;
}

export default defineVerb<ShowOptions>({
  flags: (c) => c.option('--lang <lang>', 'language (en, es)', 'en'),
  output: {
    fields: [
      'id',
      'course',
      'version',
      'versions',
      'title',
      'description',
      'languages',
      'minutes',
      'modules',
      'moduleList',
      'questions',
      'draw',
      'passMark',
      'attempts',
      'requirements',
      'assignments',
      'createdAt',
    ],
  },
  examples: ['renfe training course show phishing', 'renfe training course show phishing@1 --lang es --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const c = await app.training.showCourse(principal, opts.course, opts.lang);
    ctx.data(c, () =>
      [
        `${c.course}@${c.version}  ${title(c.title, opts.lang)}`,
        c.description ? title(c.description, opts.lang) : '',
        `versions: ${c.versions.join(', ')}   about ${c.minutes} minutes   languages: ${c.languages.join(', ')}`,
        `quiz: ${c.draw} of ${c.questions} questions, pass mark ${c.passMark}%, attempts ${c.attempts ?? 'unlimited'}`,
        `evidences: ${c.requirements.length > 0 ? c.requirements.join(', ') : '-'}   assignments: ${c.assignments}`,
        'modules:',
        ...c.moduleList.map((m, i) => `  ${i + 1}. ${m.title} (${m.id})`),
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
  },
});
