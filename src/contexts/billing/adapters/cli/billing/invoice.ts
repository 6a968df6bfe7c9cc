import { writeFile } from 'node:fs/promises';
import { defineVerb } from '../../../../../module.js';

export interface InvoiceOptions {
  readonly id: string;
  readonly out: string;
}

export default defineVerb<InvoiceOptions>({
  flags: (c) => c.requiredOption('--out <file>', 'where to write the PDF'),
  examples: ['renfe billing invoice in_1Q2w3e --out invoice.pdf', 'renfe billing invoice ACME-0007 --out invoice.pdf'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const { invoice, pdf } = await app.billing.invoicePdf(principal, opts.id);
    await writeFile(opts.out, pdf, { mode: 0o600 });
    ctx.data({ invoice: invoice.id, number: invoice.number, out: opts.out }, () => '');
    ctx.done(`Wrote invoice ${invoice.number ?? invoice.id} to ${opts.out}.`);
  },
});
