import { defineVerb } from '../../../../../module.js';

export interface RespondOptions {
  readonly token: string;
  readonly answers: string;
  readonly lang?: string;
}

export default defineVerb<RespondOptions>({
  flags: (c) =>
    c
      .requiredOption(
        '--answers <file.json>',
        'question id → answer: a number for scales, an option id, yes/no, text, a list for multiple choice',
      )
      .option('--lang <lang>', 'language of the response (en, es)'),
  examples: [
    'renfe survey respond rnf_svy_... --answers answers.json',
    'echo \'{"q1":4,"q2":"yes"}\' > a.json && renfe survey respond "$TOKEN" --answers a.json',
  ],
  async run(opts, ctx) {
    const { surveyFiles } = await import('../../files/survey-files.js');
    const answers = await surveyFiles.answers(opts.answers);
    const app = await ctx.app();
    const result = await app.survey.respond(opts.token, answers, opts.lang);
    ctx.data(result, () => '');
    ctx.done(`Thank you: ${result.answered} answers to ${result.survey} submitted.`);
  },
});
