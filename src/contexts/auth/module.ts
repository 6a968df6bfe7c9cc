import { defineModule, noun, verb } from '../../module.js';
import { AUTH_ERRORS } from './errors.js';
import { AUTH_PERMISSIONS } from './domain/permissions.js';

/** Organisations, people, roles, sessions and API tokens. */
export const authModule = defineModule({
  name: 'auth',
  migrations: async () => ({
    '0001-auth-and-audit': await import('./adapters/persistence/migrations/0001-auth-and-audit.js'),
    '0004-security': await import('./adapters/persistence/migrations/0004-security.js'),
  }),
  permissions: AUTH_PERMISSIONS,
  errors: AUTH_ERRORS,
  usage: async () => (await import('./adapters/persistence/auth-usage.js')).AUTH_USAGE,
  stores: async () => (await import('./wiring.js')).authStores,
  wire: async (shared) => (await import('./wiring.js')).wireAuth(shared),
  commands: [
    { kind: 'legacy', load: async () => (await import('./adapters/cli/auth.cli.js')).registerAuthCommands },
    { kind: 'legacy', load: async () => (await import('./adapters/cli/org.cli.js')).registerOrgCommands },
    noun('user', 'people in the current organisation and their roles'),
    verb(
      'user add',
      'add a person to the current organisation (creates their account if new)',
      () => import('./adapters/cli/user/add.js'),
    ),
    verb('user list', 'list the members of the current organisation', () => import('./adapters/cli/user/list.js')),
    verb('user show <email>', 'show one member', () => import('./adapters/cli/user/show.js')),
    verb(
      'user role <email> <role>',
      "change a member's role (owner, admin, consultant, viewer)",
      () => import('./adapters/cli/user/role.js'),
    ),
    verb(
      'user disable <email>',
      "disable a member's access to the current organisation",
      () => import('./adapters/cli/user/disable.js'),
    ),
    verb(
      'user enable <email>',
      "enable a member's access to the current organisation",
      () => import('./adapters/cli/user/enable.js'),
    ),
    verb(
      'user passwd [email]',
      "change your password, or reset a member's (admins); ends that account's sessions",
      () => import('./adapters/cli/user/passwd.js'),
    ),
    { kind: 'legacy', load: async () => (await import('./adapters/cli/token.cli.js')).registerTokenCommands },
  ],
});
