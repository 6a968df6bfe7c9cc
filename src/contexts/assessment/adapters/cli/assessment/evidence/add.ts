import { Option } from 'commander';
import { defineVerb } from '../../../../../../module.js';
import { CLI_ERRORS } from '../../../../../../cli/errors.js';

export interface AddOptions {
  readonly id: string;
  readonly question: string;
  readonly file?: string;
  readonly url?: string;
}

export default defineVerb<AddOptions>({
  flags: (c) =>
    c
      .addOption(new Option('--file <path>', 'a file to store with the assessment').conflicts('url'))
      .option('--url <url>', 'a link'),
  examples: [
    'renfe assessment evidence add k3m9x2pq A.5.1.Q1 --file policy-v3.pdf',
    'renfe assessment evidence add k3m9x2pq A.8.13.Q1 --url https://wiki.acme.test/backups',
  ],
  async run(opts, ctx) {
    if (!opts.file && !opts.url) throw CLI_ERRORS.missingFlag({ flag: '--file <path> or --url <url>' });
    const { readEvidenceFile } = await import('../../evidence-file.js');
    const file = opts.file ? await readEvidenceFile(opts.file) : undefined;
    const { app, principal } = await ctx.principal();
    const added = await app.assessment.addEvidence(principal, {
      assessmentId: opts.id,
      question: opts.question,
      file,
      url: opts.url,
    });
    ctx.data(added, () => added.id);
    ctx.done(`Attached ${added.name} to ${added.question}${added.sha256 ? ` (sha256 ${added.sha256})` : ''}.`);
  },
});
