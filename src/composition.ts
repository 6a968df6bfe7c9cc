import { initWorkspace } from './contexts/auth/application/init-workspace.command.js';
import { login } from './contexts/auth/application/login.command.js';
import { logout } from './contexts/auth/application/logout.command.js';
import { authenticate } from './contexts/auth/application/authenticate.query.js';
import { createOrganization } from './contexts/auth/application/create-organization.command.js';
import { listOrganizations } from './contexts/auth/application/list-organizations.query.js';
import { showOrganization } from './contexts/auth/application/show-organization.query.js';
import { addUser } from './contexts/auth/application/add-user.command.js';
import { listUsers, showUser } from './contexts/auth/application/list-users.query.js';
import { changeRole } from './contexts/auth/application/change-role.command.js';
import { setUserStatus } from './contexts/auth/application/set-user-status.command.js';
import { changePassword } from './contexts/auth/application/change-password.command.js';
import { createToken } from './contexts/auth/application/create-token.command.js';
import { listTokens } from './contexts/auth/application/list-tokens.query.js';
import { revokeToken } from './contexts/auth/application/revoke-token.command.js';
import type { AuthDeps, AuthSettings, PasswordHasher, UnitOfWork } from './contexts/auth/application/ports.js';
import { kyselyAuthStore } from './contexts/auth/adapters/persistence/kysely-auth-store.js';
import { scryptPasswordHasher } from './contexts/auth/adapters/crypto/scrypt-password-hasher.js';
import { kyselyAuditLog, kyselyAuditReader } from './contexts/audit/adapters/persistence/kysely-audit-log.js';
import { listAudit } from './contexts/audit/application/list-audit.query.js';
import { verifyAudit } from './contexts/audit/application/verify-audit.query.js';
import { type Clock, systemClock } from './kernel/clock.js';
import { connect, type DatabaseTarget } from './persistence/connect.js';
import type { DatabaseHandle } from './persistence/database.js';
import {
  migrateToLatest,
  readSchemaState,
  type SchemaState,
  schemaBehindError,
  schemaNewerError,
} from './persistence/migrator.js';

export interface AppOptions {
  readonly target: DatabaseTarget;
  readonly settings: AuthSettings;
  readonly clock?: Clock;
  /** Tests pass a cheaper hasher; the CLI always uses the default (scrypt at OWASP's parameters). */
  readonly hasher?: PasswordHasher;
  /**
   * 'current': refuse to run unless the schema is up to date (the default);
   * 'migrate': bring it up to date first (init); 'any': no check (db status).
   */
  readonly schema?: 'current' | 'migrate' | 'any';
}

/** Connects, checks the schema, and wires every use case to its adapters. */
export async function openApp(options: AppOptions) {
  const handle = await connect(options.target);
  try {
    return await wire(handle, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function wire(handle: DatabaseHandle, options: AppOptions) {
  const clock = options.clock ?? systemClock;
  if (options.schema === 'migrate') await migrateToLatest(handle.db);
  let schema: SchemaState = await readSchemaState(handle.db);
  if ((options.schema ?? 'current') === 'current' && schema.pending.length > 0) throw schemaBehindError(schema);

  const uow: UnitOfWork = {
    read: kyselyAuthStore(handle.db),
    run(work) {
      if (schema.unknown.length > 0) return Promise.reject(schemaNewerError(schema));
      return handle.db
        .transaction()
        .execute((trx) =>
          work({ auth: kyselyAuthStore(trx), audit: kyselyAuditLog(trx, handle.capabilities, () => clock.now()) }),
        );
    },
  };
  const deps: AuthDeps = { uow, hasher: options.hasher ?? scryptPasswordHasher(), clock, settings: options.settings };
  const auditReader = kyselyAuditReader(handle.db);

  return {
    handle,
    get schema() {
      return schema;
    },
    db: {
      async migrate() {
        const applied = await migrateToLatest(handle.db);
        schema = await readSchemaState(handle.db);
        return applied;
      },
    },
    auth: {
      init: initWorkspace(deps),
      login: login(deps),
      logout: logout(deps),
      authenticate: authenticate(deps),
      createOrganization: createOrganization(deps),
      listOrganizations: listOrganizations(deps),
      showOrganization: showOrganization(deps),
      addUser: addUser(deps),
      listUsers: listUsers(deps),
      showUser: showUser(deps),
      changeRole: changeRole(deps),
      setUserStatus: setUserStatus(deps),
      changePassword: changePassword(deps),
      createToken: createToken(deps),
      listTokens: listTokens(deps),
      revokeToken: revokeToken(deps),
    },
    audit: {
      list: listAudit(auditReader),
      verify: verifyAudit(auditReader),
    },
    close: () => handle.close(),
  };
}

export type App = Awaited<ReturnType<typeof openApp>>;
