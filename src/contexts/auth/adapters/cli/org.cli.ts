import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';

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
}
