import { defineVerb } from '../../../../../module.js';
import { progressBar } from '../../../../../cli/progress.js';

export interface VerifyOptions {
  readonly file: string;
}

export default defineVerb<VerifyOptions>({
  output: {
    fields: [
      'file',
      'verdict',
      'assessment',
      'organisation',
      'frameworks',
      'createdBy',
      'createdAt',
      'tool',
      'entries',
    ],
  },
  description:
    'Exit codes: 0 intact; 5 modified (BUNDLE.MODIFIED: the manifest or an entry no longer matches its hash);\n' +
    '3 not a bundle (BUNDLE.NOT_A_BUNDLE), or an entry whose name leaves the archive (BUNDLE.UNSAFE_ENTRY).',
  examples: ['renfe bundle verify hospital.renfe', 'renfe bundle verify hospital.renfe --json verdict,assessment'],
  async run({ file }, ctx) {
    const { verifyBundleFile } = await import('../../../wiring.js');
    const counter = progressBar(ctx, 'verifying');
    const v = await verifyBundleFile(file, counter.update).finally(() => counter.end());
    ctx.data(
      v,
      () =>
        `ok: ${file} is intact: assessment ${v.assessment.id} (${v.assessment.subject}) of ${v.organisation.name}, ` +
        `${v.frameworks.join(', ')}, made ${v.createdAt} by ${v.createdBy} with ${v.tool.name} ${v.tool.version}; ` +
        `${v.entries} entries`,
    );
  },
});
