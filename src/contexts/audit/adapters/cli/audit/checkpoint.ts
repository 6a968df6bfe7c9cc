import { defineVerb } from '../../../../../module.js';

export interface CheckpointOptions {
  readonly out: string;
}

export default defineVerb<CheckpointOptions>({
  flags: (c) => c.requiredOption('--out <file>', 'where to write the checkpoint (JSON, mode 0600)'),
  examples: ['renfe audit checkpoint --out head.json', 'renfe audit verify --against head.json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const checkpoint = await app.audit.checkpoint(principal);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(opts.out, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
    ctx.data({ file: opts.out, seq: checkpoint.seq, hash: checkpoint.hash, keyId: checkpoint.keyId }, () => opts.out);
    ctx.done(`Checkpoint of entry ${checkpoint.seq} signed by key ${checkpoint.keyId} written to ${opts.out}.`);
  },
});
