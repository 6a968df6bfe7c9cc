import { defineVerb } from '../../../../../module.js';

export interface InvoicesOptions {
  readonly offline?: boolean;
  readonly limit?: string;
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;

export default defineVerb<InvoicesOptions>({
  flags: (c) => c.option('--offline', 'read the local copy only, without asking Stripe'),
  output: {
    fields: ['id', 'number', 'createdAt', 'amountDue', 'amountPaid', 'currency', 'status', 'hostedUrl', 'pdfUrl'],
    list: true,
  },
  examples: ['renfe billing invoices', 'renfe billing invoices --offline --json number,status'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const result = await app.billing.invoices(principal, { offline: opts.offline === true });
    if (result.source === 'local copy') ctx.say('Invoices from the local copy (Stripe not asked).');
    await ctx.list(
      result.invoices,
      [
        { header: 'NUMBER', value: (i) => i.number ?? i.id },
        {
          header: 'DATE',
          value: (i) => i.createdAt.toISOString(),
          human: (i) => i.createdAt.toISOString().slice(0, 10),
        },
        { header: 'AMOUNT', value: (i) => i.amountDue, human: (i) => money(i.amountDue, i.currency) },
        { header: 'CURRENCY', value: (i) => i.currency },
        { header: 'STATUS', value: (i) => i.status },
        { header: 'URL', value: (i) => i.hostedUrl },
      ],
      { limit: opts.limit },
    );
  },
});
