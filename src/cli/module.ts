import { defineModule, noun, verb } from '../module.js';

/** The program's own commands: configuration, profiles and the database. Not a context. */
export const cliModule = defineModule({
  name: 'cli',
  errors: async () => (await import('./errors.js')).CLI_ERRORS,
  commands: [
    noun('db', 'the database: schema migrations and status'),
    verb(
      'db migrate',
      'bring the database schema up to date (creates it when empty)',
      () => import('./commands/db/migrate.js'),
    ),
    verb(
      'db status',
      'show the dialect and which migrations are applied or pending',
      () => import('./commands/db/status.js'),
    ),
    noun('config', 'settings of the current profile'),
    verb('config get <key>', 'print one setting', () => import('./commands/config/get.js')),
    verb(
      'config set <key> [value]',
      'set a setting (omit the value to remove it)',
      () => import('./commands/config/set.js'),
    ),
    verb(
      'config list',
      'list the settings of the current profile (secrets masked)',
      () => import('./commands/config/list.js'),
    ),
    noun('profile', 'named profiles: database, organisation and settings'),
    verb('profile add <name>', 'add a profile', () => import('./commands/profile/add.js')),
    verb('profile use <name>', 'make a profile the current one', () => import('./commands/profile/use.js')),
    verb('profile list', 'list profiles', () => import('./commands/profile/list.js')),
  ],
});
