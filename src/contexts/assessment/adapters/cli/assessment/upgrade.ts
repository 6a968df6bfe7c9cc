import { defineVerb } from '../../../../../module.js';

export interface UpgradeOptions {
  readonly id: string;
  readonly to: string;
  readonly framework?: string;
}

export default defineVerb<UpgradeOptions>({
  flags: (c) =>
    c
      .requiredOption('--to <version>', 'the framework version to move to')
      .option('--framework <id>', 'which framework, when the assessment has several'),
  examples: [
    'renfe assessment upgrade k3m9x2pq --to 2.1',
    'renfe assessment upgrade k3m9x2pq --framework acme-controls --to 2027 --json',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const r = await app.assessment.upgrade(principal, opts.id, opts.framework, opts.to);
    const mapped = r.carried.filter((c) => c.via === 'mapped').length;
    ctx.data(r, () =>
      [
        `Needs a new answer (${r.needsAnswer.length}):`,
        ...r.needsAnswer.map((q) => `  ${q}`),
        ...(r.dropped.length ? [`Answers dropped (${r.dropped.length}): ${r.dropped.join(', ')}`] : []),
      ].join('\n'),
    );
    ctx.done(
      `Assessment ${opts.id} moved from ${r.framework} ${r.from} to ${r.to}: ${r.carried.length} answers carried (${mapped} through mappings), ${r.needsAnswer.length} questions need an answer.`,
    );
  },
});
