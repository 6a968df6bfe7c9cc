import { defineVerb } from '../../../../../module.js';
import { TRAINING_ERRORS } from '../../../errors.js';

export interface VerifyOptions {
  readonly file: string;
}

export default defineVerb<VerifyOptions>({
  output: { fields: ['file', 'verdict', 'certificate', 'attempt', 'fileHash', 'problem', 'annulledAt'] },
  description: 'Exit 0: ours and valid; 4: not a certificate of this organisation (or altered); 5: revoked.',
  examples: ['renfe training verify cert.pdf', 'renfe training verify cert.pdf --json verdict,certificate'],
  async run({ file }, ctx) {
    const { app, principal } = await ctx.principal();
    const v = await app.training.verify(principal, file);
    // Under --json the verdict is printed whatever it is; the exit code still tells it.
    if (ctx.globals.json) ctx.data(v, () => '');
    if (v.verdict === 'not-ours') throw TRAINING_ERRORS.certificateUnknown({ file, problem: v.problem ?? 'unknown' });
    if (v.verdict === 'revoked')
      throw TRAINING_ERRORS.certificateRevoked({ file, id: v.certificate ?? '', at: v.annulledAt ?? 'unknown' });
    if (!ctx.globals.json)
      ctx.data(v, () => `ok: ${file} is certificate ${v.certificate} of attempt ${v.attempt}, valid`);
  },
});
