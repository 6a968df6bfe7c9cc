import { defineVerb } from '../../../../../module.js';
import { AUDIT_ERRORS } from '../../../errors.js';
import { readCheckpointFile } from './checkpoint-file.js';

export interface VerifyOptions {
  readonly against?: string;
}

export default defineVerb<VerifyOptions>({
  flags: (c) => c.option('--against <file>', 'also check the chain against a checkpoint written by `audit checkpoint`'),
  output: { fields: ['ok', 'count', 'seq', 'problem', 'organization', 'checkpoint', 'authenticated'] },
  examples: ['renfe audit verify', 'renfe audit verify --against head.json', 'renfe audit verify --json ok,count'],
  async run(opts, ctx) {
    const against = opts.against ? await readCheckpointFile(opts.against) : undefined;
    const { app, principal } = await ctx.principal();
    const verdict = await app.audit.verify(principal, against);
    if (!verdict.ok) {
      if (ctx.globals.json) ctx.data(verdict, () => '');
      throw AUDIT_ERRORS.brokenChain({
        organization: verdict.organization,
        seq: verdict.seq,
        problem: verdict.problem,
      });
    }
    const cp = verdict.checkpoint;
    ctx.data(
      verdict,
      () =>
        `ok: ${verdict.count} entries verified` +
        (verdict.authenticated !== undefined ? `, ${verdict.authenticated} authenticated with the audit key` : '') +
        (cp
          ? `; entry ${cp.seq} matches the checkpoint of ${cp.at} signed by key ${cp.keyId}` +
            (cp.keyKnown ? '' : ' (not a key held here: compare its id with the one your owners keep)')
          : ''),
    );
  },
});
