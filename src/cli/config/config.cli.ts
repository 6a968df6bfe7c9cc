import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { examples } from '../help.js';

export function registerConfigCommands(program: Command, ctx: CommandContext): void {
  const config = program.command('config').description('settings of the current profile');

  examples(
    config
      .command('get <key>')
      .description('print one setting')
      .action(async (key: string) => {
        const { configKey, displayValue } = await import('./config-keys.js');
        const spec = configKey(key);
        const runtime = await ctx.runtime();
        const shown = displayValue(spec, runtime.profile.settings[key]);
        ctx.data({ key, value: shown }, () => (shown === null ? '' : String(shown)));
      }),
    ['renfe config get database'],
  );

  examples(
    config
      .command('set <key> [value]')
      .description('set a setting (omit the value to remove it)')
      .action(async (key: string, value: string | undefined) => {
        const { configKey } = await import('./config-keys.js');
        const spec = configKey(key);
        const parsed = value === undefined ? undefined : spec.parse(value);
        if (key === 'database' && typeof parsed === 'string') {
          const { parseDatabaseTarget } = await import('../../persistence/connect.js');
          parseDatabaseTarget(parsed);
        }
        const runtime = await ctx.runtime();
        runtime.config.setSetting(runtime.profileName, key, parsed);
        ctx.done(
          parsed === undefined
            ? `Removed ${key} from profile ${runtime.profileName}.`
            : `Set ${key} in profile ${runtime.profileName}.`,
        );
      }),
    ['renfe config set database postgres://renfe@db.acme.test/renfe', 'renfe config set lockout.maxFailures 10'],
  );

  examples(
    config
      .command('list')
      .description('list the settings of the current profile (secrets masked)')
      .action(async () => {
        const { CONFIG_KEYS, displayValue } = await import('./config-keys.js');
        const runtime = await ctx.runtime();
        const rows = CONFIG_KEYS.map((k) => ({
          key: k.key,
          value: displayValue(k, runtime.profile.settings[k.key]),
          description: k.description,
        }));
        const { table } = await import('../table.js');
        ctx.data({ profile: runtime.profileName, file: runtime.config.path, settings: rows }, () =>
          table(
            ['KEY', 'VALUE', 'MEANING'],
            rows.map((r) => [r.key, r.value, r.description]),
          ),
        );
      }),
    ['renfe config list', 'renfe --profile ci config list --json'],
  );

  const profile = program.command('profile').description('named profiles: database, organisation and settings');

  examples(
    profile
      .command('add <name>')
      .description('add a profile')
      .option('--database <url-or-path>', 'its database')
      .option('--use', 'make it the current profile')
      .action(async (name: string, opts: { database?: string; use?: boolean }) => {
        const runtime = await ctx.runtime();
        if (opts.database) {
          const { parseDatabaseTarget } = await import('../../persistence/connect.js');
          parseDatabaseTarget(opts.database);
        }
        runtime.config.addProfile(name, opts.database ? { database: opts.database } : {});
        if (opts.use) runtime.config.useProfile(name);
        ctx.done(`Added profile ${name}${opts.use ? ' and made it current' : ''}.`);
      }),
    ['renfe profile add central --database postgres://renfe@db.acme.test/renfe --use'],
  );

  examples(
    profile
      .command('use <name>')
      .description('make a profile the current one')
      .action(async (name: string) => {
        const runtime = await ctx.runtime();
        runtime.config.useProfile(name);
        ctx.done(`Profile ${name} is now current.`);
      }),
    ['renfe profile use default'],
  );

  examples(
    profile
      .command('list')
      .description('list profiles')
      .action(async () => {
        const { configKey, displayValue } = await import('./config-keys.js');
        const runtime = await ctx.runtime();
        const current = runtime.config.currentProfileName;
        const profiles = runtime.config.profileNames().map((name) => {
          const p = runtime.config.profile(name);
          return {
            name,
            current: name === current,
            database: displayValue(configKey('database'), p.settings.database),
            org: (p.settings.org as string | undefined) ?? null,
          };
        });
        const { table } = await import('../table.js');
        ctx.data(profiles, () =>
          table(
            ['', 'NAME', 'DATABASE', 'ORG'],
            profiles.map((p) => [p.current ? '*' : '', p.name, p.database ?? '(default)', p.org]),
          ),
        );
      }),
    ['renfe profile list'],
  );
}
