import { defineModule, noun, verb } from '../../module.js';
import { AUTH_PERMISSIONS } from './domain/permissions.js';

/** Organisations, people, roles, sessions and API tokens. */
export const authModule = defineModule({
  name: 'auth',
  migrations: {
    '0001-auth-and-audit': () => import('./adapters/persistence/migrations/0001-auth-and-audit.js'),
    '0004-security': () => import('./adapters/persistence/migrations/0004-security.js'),
    '0020-row-level-security': () => import('./adapters/persistence/migrations/0020-row-level-security.js'),
  },
  permissions: AUTH_PERMISSIONS,
  errors: async () => (await import('./errors.js')).AUTH_ERRORS,
  usage: async () => (await import('./adapters/persistence/auth-usage.js')).AUTH_USAGE,
  stores: async () => (await import('./stores.js')).authStores,
  wire: async (shared) => (await import('./wiring.js')).wireAuth(shared),
  commands: [
    verb(
      'init',
      'create the database, the first organisation and its owner, and log the owner in',
      () => import('./adapters/cli/session/init.js'),
    ),
    verb(
      'login',
      'log in with email and password (sessions expire; see `renfe config`)',
      () => import('./adapters/cli/session/login.js'),
    ),
    verb('logout', 'end the session stored for this database', () => import('./adapters/cli/session/logout.js')),
    verb(
      'whoami',
      'show who you are acting as, in which organisation, with which role',
      () => import('./adapters/cli/session/whoami.js'),
    ),
    noun('org', 'organisations (tenants) you belong to'),
    verb(
      'org create <name>',
      'create an organisation; you become its owner (prints its slug)',
      () => import('./adapters/cli/org/create.js'),
    ),
    verb('org list', 'list your organisations', () => import('./adapters/cli/org/list.js')),
    verb(
      'org show [slug]',
      'show one of your organisations (the current one by default)',
      () => import('./adapters/cli/org/show.js'),
    ),
    verb(
      'org use <slug>',
      'make an organisation the default of the current profile',
      () => import('./adapters/cli/org/use.js'),
    ),
    noun(
      'org policy',
      "the organisation's login policy: lockout and session length (profiles may only ask for stricter)",
    ),
    verb(
      'org policy show',
      "show the current organisation's login policy",
      () => import('./adapters/cli/org/policy/show.js'),
    ),
    verb(
      'org policy set',
      'change the login policy (owners and admins; audited): 3-20 failures, locks up to 1440 minutes, sessions up to 720 hours',
      () => import('./adapters/cli/org/policy/set.js'),
    ),
    noun('user', 'people in the current organisation and their roles'),
    verb(
      'user add',
      'invite a person to the current organisation; they join when they next log in',
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
    noun('token', 'API tokens for CI and scripts (RENFE_TOKEN)'),
    verb(
      'token create',
      'create a token for the current organisation; the secret is printed once, on stdout',
      () => import('./adapters/cli/token/create.js'),
    ),
    verb(
      'token list',
      "list the organisation's tokens (never their secrets)",
      () => import('./adapters/cli/token/list.js'),
    ),
    verb('token revoke <id-or-name>', 'revoke a token at once', () => import('./adapters/cli/token/revoke.js')),
  ],
});
