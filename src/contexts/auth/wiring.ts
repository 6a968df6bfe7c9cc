import { acrossTenants } from '../../kernel/tenant-scope.js';
import type { Shared } from '../../module.js';
import { scryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { addUser } from './application/add-user.command.js';
import { authenticate } from './application/authenticate.query.js';
import { changePassword } from './application/change-password.command.js';
import { changeRole } from './application/change-role.command.js';
import { createOrganization } from './application/create-organization.command.js';
import { createToken } from './application/create-token.command.js';
import { initWorkspace } from './application/init-workspace.command.js';
import { listOrganizations } from './application/list-organizations.query.js';
import { listTokens } from './application/list-tokens.query.js';
import { listUsers, showUser } from './application/list-users.query.js';
import { login } from './application/login.command.js';
import { logout } from './application/logout.command.js';
import { setOrgPolicy, showOrgPolicy } from './application/org-policy.command.js';
import type { AuthDeps, AuthSettings, AuthStore, PasswordHasher, UnitOfWork } from './application/ports.js';
import { revokeToken } from './application/revoke-token.command.js';
import { setUserStatus } from './application/set-user-status.command.js';
import { showOrganization } from './application/show-organization.query.js';

export function wireAuth(shared: Shared) {
  const options = shared.options as { settings: AuthSettings; hasher?: PasswordHasher };
  const uow: UnitOfWork = { read: shared.read.auth as AuthStore, run: shared.transaction };
  const deps: AuthDeps = {
    uow,
    hasher: options.hasher ?? scryptPasswordHasher(),
    clock: shared.clock,
    settings: options.settings,
    permissions: shared.permissions,
  };
  return {
    init: acrossTenants('init', initWorkspace(deps)),
    login: acrossTenants('login', login(deps)),
    logout: acrossTenants('authenticate', logout(deps)),
    authenticate: acrossTenants('authenticate', authenticate(deps)),
    createOrganization: acrossTenants('org-create', createOrganization(deps)),
    listOrganizations: acrossTenants('org-list', listOrganizations(deps)),
    // One of the caller's own organisations, which need not be the current one.
    showOrganization: acrossTenants('org-list', showOrganization(deps)),
    addUser: acrossTenants('user-invite', addUser(deps)),
    listUsers: listUsers(deps),
    showUser: showUser(deps),
    changeRole: changeRole(deps),
    setUserStatus: setUserStatus(deps),
    changePassword: acrossTenants('account-password', changePassword(deps)),
    createToken: createToken(deps),
    listTokens: listTokens(deps),
    revokeToken: revokeToken(deps),
    showOrgPolicy: showOrgPolicy(deps),
    setOrgPolicy: setOrgPolicy(deps),
  };
}
