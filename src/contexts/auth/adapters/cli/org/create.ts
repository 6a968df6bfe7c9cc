import { defineVerb } from '../../../../../module.js';

export interface CreateOptions {
  readonly name: string;
}

export default defineVerb<CreateOptions>({
  examples: ['renfe org create "Hospital Central"'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal({ withoutOrg: true });
    const created = await app.auth.createOrganization(principal, { name: opts.name });
    ctx.data(created, () => created.slug);
    ctx.done(
      `Created organisation ${created.name} (${created.slug}); you are its owner. Switch to it with \`renfe org use ${created.slug}\`.`,
    );
  },
});
