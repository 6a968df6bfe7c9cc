import { defineVerb } from '../../../../../../module.js';

export interface ImportOptions {
  readonly path: string;
}

export default defineVerb<ImportOptions>({
  description:
    'A course is a folder with course.yaml and modules/<lang>/*.md, or one YAML file with the Markdown inline (see courses/README.md). Importing a changed course makes the next version; attempts keep the version they were taken on.',
  examples: [
    'renfe training course import phishing',
    'renfe training course import ./courses/our-induction',
    'renfe training course import gdpr-personal-data --json',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const c = await app.training.importCourse(principal, opts.path);
    ctx.data(c, () => `${c.course}@${c.version}`);
    ctx.done(
      c.outcome === 'unchanged'
        ? `Course ${c.course}@${c.version} is already this content.`
        : `Course ${c.course}@${c.version} imported (${c.modules} modules, ${c.questions} questions, pass mark ${c.passMark}%)${c.retakes > 0 ? `; ${c.retakes} assignments now ask for this version` : ''}.`,
    );
  },
});
