import { defineVerb } from '../../../../../module.js';

export interface ListOptions {
  readonly limit?: string;
}

export const TOKEN_FIELDS = ['id', 'name', 'prefix', 'role', 'createdAt', 'expiresAt', 'revokedAt', 'state'] as const;

export default defineVerb<ListOptions>({
  output: { fields: TOKEN_FIELDS, list: true },
  examples: ['renfe token list', 'renfe token list --json', 'renfe token list --json name,state --limit 5'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const tokens = await app.auth.listTokens(principal);
    await ctx.list(
      tokens,
      [
        { header: 'ID', value: (t) => t.id },
        { header: 'NAME', value: (t) => t.name },
        { header: 'PREFIX', value: (t) => t.prefix, human: (t) => `${t.prefix}…` },
        { header: 'ROLE', value: (t) => t.role },
        { header: 'STATE', value: (t) => t.state },
        { header: 'EXPIRES', value: (t) => t.expiresAt, human: (t) => t.expiresAt ?? 'never' },
      ],
      { limit: opts.limit },
    );
  },
});
