import { defineVerb } from '../../../../../module.js';

export interface CreateOptions {
  readonly from: string;
}

export default defineVerb<CreateOptions>({
  flags: (c) =>
    c.requiredOption(
      '--from <file>',
      'a survey YAML file, or the name of a shipped one (security-culture, phishing-awareness)',
    ),
  description:
    'A published version never changes: creating from an edited file makes the next version; a draft is replaced in place.',
  examples: ['renfe survey create --from security-culture', 'renfe survey create --from my-survey.yaml --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const created = await app.survey.create(principal, opts.from);
    ctx.data(created, () => `${created.survey}@${created.version}`);
    ctx.done(
      created.outcome === 'unchanged'
        ? `Survey ${created.survey}@${created.version} is already this definition.`
        : `Survey ${created.survey}@${created.version} ${created.outcome} as a draft (${created.questions} questions); publish it with \`renfe survey publish ${created.survey}\`.`,
    );
  },
});
