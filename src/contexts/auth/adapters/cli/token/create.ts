import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';
import { ROLES } from '../../../../../kernel/roles.js';

export interface CreateOptions {
  readonly name: string;
  readonly role: string;
  readonly expires?: string;
}

export default defineVerb<CreateOptions>({
  flags: (c) =>
    c
      .requiredOption('--name <name>', 'a name to recognise it by')
      .option('--role <role>', `what it may do: ${ROLES.join(', ')}`, 'viewer')
      .option('--expires <days>', 'days until it expires (default: never)'),
  examples: ['renfe token create --name ci-reports --role viewer --expires 90', 'renfe token create --name ci --json'],
  async run(opts, ctx) {
    let expiresDays: number | undefined;
    if (opts.expires !== undefined) {
      expiresDays = Number(opts.expires);
      if (!Number.isInteger(expiresDays)) {
        throw KERNEL_ERRORS.invalidInput({
          problem: `--expires must be a whole number of days, got "${opts.expires}"`,
        });
      }
    }
    const { app, principal } = await ctx.principal();
    const created = await app.auth.createToken(principal, { name: opts.name, role: opts.role as never, expiresDays });
    ctx.data(created, () => created.secret);
    ctx.done(`Token ${created.name} (${created.role}) created. Store it now: it cannot be shown again.`);
  },
});
