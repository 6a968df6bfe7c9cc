import { defineVerb } from '../../../../../module.js';
import { ROLES } from '../../../../../kernel/roles.js';

export interface AddOptions {
  readonly email: string;
  readonly role: string;
  readonly name?: string;
  readonly passwordStdin?: boolean;
}

export default defineVerb<AddOptions>({
  flags: (c) =>
    c
      .requiredOption('--email <email>', 'their email')
      .requiredOption('--role <role>', `role: ${ROLES.join(', ')}`)
      .option('--name <name>', 'display name')
      .option('--password-stdin', 'read an initial password from stdin (used only if the email has no account yet)'),
  examples: [
    'renfe user add --email luis@acme.test --role consultant --name "Luis Pérez"',
    'printf "%s\\n" "$PW" | renfe user add --email ci@acme.test --role viewer --password-stdin',
  ],
  async run(opts, ctx) {
    const password = opts.passwordStdin ? (await ctx.stdinLines('--password-stdin', 1))[0] : undefined;
    const { app, principal } = await ctx.principal();
    const member = await app.auth.addUser(principal, {
      email: opts.email,
      role: opts.role as never,
      ...(opts.name ? { name: opts.name } : {}),
      ...(password !== undefined ? { password } : {}),
    });
    ctx.data(member, () => member.id);
    ctx.done(`Invited ${member.email} as ${member.role}: they join the organisation when they next log in.`);
  },
});
