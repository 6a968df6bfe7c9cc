import { defineVerb } from '../../../../../module.js';
import { REPORTING_ERRORS } from '../../../errors.js';

export interface VerifyOptions {
  readonly file: string;
}

export default defineVerb<VerifyOptions>({
  output: { fields: ['file', 'fileHash', 'produced', 'report', 'dataUnchanged', 'currentDataHash', 'seal', 'problem'] },
  examples: [
    'renfe report verify executive.pdf',
    'renfe report verify report.json --json',
    'renfe report verify executive.pdf --json produced,seal,dataUnchanged',
  ],
  async run({ file }, ctx) {
    const { app, principal } = await ctx.principal();
    const v = await app.reporting.verify(principal, file);
    // Under --json the verdict is printed whatever it is; the exit code still tells it.
    if (ctx.globals.json) ctx.data(v, () => '');
    if (!v.produced) {
      throw REPORTING_ERRORS.notOurs({
        file,
        problem: v.problem
          ? `sealed for this organisation: ${v.problem}`
          : `recorded in this organisation (sha256 ${v.fileHash})`,
      });
    }
    const r = v.report as NonNullable<typeof v.report>;
    if (v.dataUnchanged === false) {
      throw REPORTING_ERRORS.dataChanged({ file, id: r.id, assessment: r.assessment, createdAt: r.createdAt });
    }
    if (!ctx.globals.json) {
      // Training reports are recorded under `training` or `training:<course>`, not an assessment id.
      const about = /^training(:|$)/.test(r.assessment) ? r.assessment : `assessment ${r.assessment}`;
      ctx.data(
        v,
        () =>
          `ok: ${file} is report ${r.id} of ${about}, made ${r.createdAt} by ${r.createdBy}; ` +
          `${v.seal === 'valid' ? "its seal verifies with the organisation's key and " : ''}its data is unchanged`,
      );
    }
  },
});
