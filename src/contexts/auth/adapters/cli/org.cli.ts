import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';

export function registerOrgCommands(program: Command, ctx: CommandContext): void {
  const org = program.command('org').description('organisations (tenants) you belong to');

  examples(
    org
      .command('create <name>')
      .description('create an organisation; you become its owner (prints its slug)')
      .action(async (name: string) => {
        const { app, principal } = await ctx.principal({ withoutOrg: true });
        const created = await app.auth.createOrganization(principal, { name });
        ctx.data(created, () => created.slug);
        ctx.done(
          `Created organisation ${created.name} (${created.slug}); you are its owner. Switch to it with \`renfe org use ${created.slug}\`.`,
        );
      }),
    ['renfe org create "Hospital Central"'],
  );

  examples(
    org
      .command('list')
      .description('list your organisations')
      .action(async () => {
        const { app, principal } = await ctx.principal({ withoutOrg: true });
        const runtime = await ctx.runtime();
        const orgs = await app.auth.listOrganizations(principal);
        const { table } = await import('../../../../cli/table.js');
        const current = principal.org?.slug ?? runtime.orgSlug;
        ctx.data(orgs, () =>
          orgs.length === 0
            ? ''
            : table(
                ['', 'SLUG', 'NAME', 'ROLE', 'STATUS'],
                orgs.map((o) => [o.slug === current ? '*' : '', o.slug, o.name, o.role, o.status]),
              ),
        );
        if (orgs.length === 0) ctx.say('You belong to no organisation yet: `renfe org create <name>`.');
      }),
    ['renfe org list', 'renfe org list --json'],
  );

  examples(
    org
      .command('show [slug]')
      .description('show one of your organisations (the current one by default)')
      .action(async (slug: string | undefined) => {
        const { app, principal } = await ctx.principal();
        const detail = await app.auth.showOrganization(principal, slug);
        const { fields } = await import('../../../../cli/table.js');
        ctx.data(detail, () =>
          fields([
            ['slug', detail.slug],
            ['name', detail.name],
            ['your role', detail.role],
            ['members', detail.members],
            ['owners', detail.owners],
            ['created', detail.createdAt],
          ]),
        );
      }),
    ['renfe org show', 'renfe org show acme --json'],
  );

  examples(
    org
      .command('use <slug>')
      .description('make an organisation the default of the current profile')
      .action(async (slug: string) => {
        const { app, principal } = await ctx.principal({ withoutOrg: true });
        const detail = await app.auth.showOrganization(principal, slug);
        const runtime = await ctx.runtime();
        runtime.config.setSetting(runtime.profileName, 'org', detail.slug);
        ctx.done(`Now acting on ${detail.name} (${detail.slug}) in profile ${runtime.profileName}.`);
      }),
    ['renfe org use hospital-central'],
  );

  const policy = org
    .command('policy')
    .description("the organisation's login policy: lockout and session length (profiles may only ask for stricter)");
  const render = async (p: {
    organization: string;
    maxFailures: number;
    windowMinutes: number;
    lockMinutes: number;
    sessionHours: number;
    stored: boolean;
  }) => {
    const { fields } = await import('../../../../cli/table.js');
    return fields([
      ['organisation', p.organization],
      ['lock after', `${p.maxFailures} failed logins within ${p.windowMinutes} minutes`],
      ['lock lasts', `${p.lockMinutes} minutes`],
      ['session lasts', `${p.sessionHours} hours`],
      ['source', p.stored ? 'set for this organisation' : 'default'],
    ]);
  };
  examples(
    policy
      .command('show')
      .description("show the current organisation's login policy")
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const p = await app.auth.showOrgPolicy(principal);
        const text = await render(p);
        ctx.data(p, () => text);
      }),
    ['renfe org policy show', 'renfe org policy show --json'],
  );
  examples(
    policy
      .command('set')
      .description(
        'change the login policy (owners and admins; audited): 3-20 failures, locks up to 1440 minutes, sessions up to 720 hours',
      )
      .option('--max-failures <n>', 'failed logins that lock an account (3 to 20)')
      .option('--window-minutes <n>', 'window in which failures count (1 to 1440)')
      .option('--lock-minutes <n>', 'how long a lock lasts (1 to 1440)')
      .option('--session-hours <n>', 'how long a login lasts (1 to 720)')
      .action(
        async (opts: { maxFailures?: string; windowMinutes?: string; lockMinutes?: string; sessionHours?: string }) => {
          const number = (flag: string, v: string | undefined) => {
            if (v === undefined) return undefined;
            const n = Number(v);
            if (v.trim() === '' || !Number.isFinite(n)) {
              throw new AppError('invalid-input', 'INPUT.INVALID', `${flag} must be a whole number, got "${v}"`);
            }
            return n;
          };
          const { app, principal } = await ctx.principal();
          const p = await app.auth.setOrgPolicy(principal, {
            maxFailures: number('--max-failures', opts.maxFailures),
            windowMinutes: number('--window-minutes', opts.windowMinutes),
            lockMinutes: number('--lock-minutes', opts.lockMinutes),
            sessionHours: number('--session-hours', opts.sessionHours),
          });
          const text = await render(p);
          ctx.data(p, () => text);
          ctx.done(`Login policy of ${p.organization} updated.`);
        },
      ),
    ['renfe org policy set --max-failures 5 --lock-minutes 30', 'renfe org policy set --session-hours 8'],
  );
}
