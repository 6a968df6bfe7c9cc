import { writeFile } from 'node:fs/promises';
import { defineVerb } from '../../../../../module.js';
import { TRAINING_ERRORS } from '../../../errors.js';

export interface CertificateOptions {
  readonly attempt: string;
  readonly out: string;
  readonly lang?: string;
}

export default defineVerb<CertificateOptions>({
  flags: (c) =>
    c
      .requiredOption('--out <file>', 'where to write the PDF')
      .option('--lang <lang>', "language (en, es); the attempt's by default"),
  description:
    "Each certificate gets its own id; its hash and the file's SHA-256 are recorded for `renfe training verify`.",
  examples: [
    'renfe training certificate 0f9c… --out cert.pdf',
    'renfe training certificate 0f9c… --out certificado.pdf --lang es',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const issued = await app.training.certificate(principal, opts.attempt, opts.lang);
    try {
      await writeFile(opts.out, issued.bytes);
    } catch (error) {
      throw TRAINING_ERRORS.cannotWrite({
        file: opts.out,
        reason: (error as NodeJS.ErrnoException).code ?? String(error),
      });
    }
    const { certificate, attempt, dataHash } = issued;
    ctx.data({ certificate, attempt, dataHash, file: opts.out }, () => certificate);
    ctx.done(`Certificate ${issued.certificate} written to ${opts.out}.`);
  },
});
